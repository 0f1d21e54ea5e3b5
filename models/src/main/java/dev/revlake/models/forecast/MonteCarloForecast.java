package dev.revlake.models.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Monte Carlo simulation of the bookings of a set of open deals: in each draw every deal is booked
 * independently with its probability q and adds its amount. The P10, P50 and P90 of the booked
 * total are reported per owner × segment and for the roll-ups (each owner over all segments, each
 * segment over all owners, everything), all taken from the same draws: a roll-up's quantiles are
 * quantiles of the summed draws, not sums of quantiles (which would overstate the spread).
 *
 * <p>Deterministic: deals are sorted by id before drawing from one {@link SplittableRandom} seeded
 * with {@code seed}, so the same deals and seed give the same figures in any input order. Deals
 * with q = 0 never draw and are never booked; deals with q = 1 are always booked without drawing.
 *
 * <p>Memory: one double per group per draw ({@code groups × draws × 8} bytes, 20 MB for 250
 * groups and 10,000 draws); more than {@value #MAX_SAMPLES} samples are refused.
 *
 * <p>Quantiles use the nearest rank (the value at rank ⌈p·n⌉ of the sorted draws), so every figure
 * is a total that some draw really booked.
 */
public final class MonteCarloForecast {

    /** Owner or segment of a roll-up group. */
    public static final String ALL = "all";

    /** Fewest draws accepted: below that P10 and P90 rest on a handful of draws. */
    public static final int MIN_DRAWS = 100;

    /** Most samples (groups × draws) kept in memory. */
    public static final long MAX_SAMPLES = 100_000_000L;

    /** An owner × segment group; either may be {@value #ALL}. */
    public record Group(String ownerId, String segment) implements Comparable<Group> {

        private static final Comparator<Group> ORDER =
                Comparator.comparing(Group::ownerId).thenComparing(Group::segment);

        @Override
        public int compareTo(Group other) {
            return ORDER.compare(this, other);
        }
    }

    /** The quantiles and mean of a group's booked total over the draws. */
    public record Quantiles(double p10, double p50, double p90, double mean) {

        /** A group that books nothing in every draw. */
        public static final Quantiles ZERO = new Quantiles(0, 0, 0, 0);
    }

    /**
     * The outcome of a simulation.
     *
     * @param draws  draws simulated
     * @param seed   seed used
     * @param groups quantiles per group, leaves and roll-ups, in {@link Group} order
     */
    public record Result(int draws, long seed, Map<Group, Quantiles> groups) {

        /** The quantiles of a group, {@link Quantiles#ZERO} for a group without deals. */
        public Quantiles of(String ownerId, String segment) {
            return groups.getOrDefault(new Group(ownerId, segment), Quantiles.ZERO);
        }
    }

    private MonteCarloForecast() {
    }

    /**
     * Simulates {@code draws} periods of bookings.
     *
     * @throws IllegalArgumentException when draws is below {@value #MIN_DRAWS}, two deals share an
     *     id, or groups × draws exceeds {@value #MAX_SAMPLES}
     */
    public static Result simulate(List<ForecastDeal> deals, int draws, long seed) {
        if (draws < MIN_DRAWS) {
            throw new IllegalArgumentException(String.format("Invalid draws: %s (at least %d)", draws, MIN_DRAWS));
        }
        List<ForecastDeal> sorted = new ArrayList<>(deals);
        sorted.sort(Comparator.comparing(ForecastDeal::dealId));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).dealId().equals(sorted.get(i - 1).dealId())) {
                throw new IllegalArgumentException("Invalid deals: the id " + sorted.get(i).dealId()
                        + " appears twice");
            }
        }

        // Cells: leaves (owner × segment), then owner roll-ups, segment roll-ups, and the total.
        Map<Group, Integer> leaves = new TreeMap<>();
        Map<String, Integer> owners = new TreeMap<>();
        Map<String, Integer> segments = new TreeMap<>();
        for (ForecastDeal d : sorted) {
            leaves.putIfAbsent(new Group(d.ownerId(), d.segment()), 0);
            owners.putIfAbsent(d.ownerId(), 0);
            segments.putIfAbsent(d.segment(), 0);
        }
        int leafCount = number(leaves, 0);
        int ownerBase = leafCount;
        number(owners, ownerBase);
        int segmentBase = ownerBase + owners.size();
        number(segments, segmentBase);
        int total = segmentBase + segments.size();
        int cells = total + 1;
        if ((long) cells * draws > MAX_SAMPLES) {
            throw new IllegalArgumentException(String.format("Invalid draws: %s (%d groups × %s draws exceed %d"
                    + " samples; lower the draws)", draws, cells, draws, MAX_SAMPLES));
        }
        int[] leafOwner = new int[leafCount];
        int[] leafSegment = new int[leafCount];
        for (Map.Entry<Group, Integer> e : leaves.entrySet()) {
            leafOwner[e.getValue()] = owners.get(e.getKey().ownerId());
            leafSegment[e.getValue()] = segments.get(e.getKey().segment());
        }

        // Certain deals are added once; only the uncertain ones draw, from flat arrays.
        double[] certain = new double[leafCount];
        int uncertainCount = 0;
        double[] amount = new double[sorted.size()];
        double[] probability = new double[sorted.size()];
        int[] leafOf = new int[sorted.size()];
        for (ForecastDeal d : sorted) {
            int leaf = leaves.get(new Group(d.ownerId(), d.segment()));
            if (d.probability() >= 1) {
                certain[leaf] += d.amountUsd();
            } else if (d.probability() > 0) {
                amount[uncertainCount] = d.amountUsd();
                probability[uncertainCount] = d.probability();
                leafOf[uncertainCount] = leaf;
                uncertainCount++;
            }
        }

        double[][] samples = new double[cells][draws];
        double[] leafSum = new double[leafCount];
        double[] rollUp = new double[cells];
        SplittableRandom random = new SplittableRandom(seed);
        for (int draw = 0; draw < draws; draw++) {
            System.arraycopy(certain, 0, leafSum, 0, leafCount);
            for (int i = 0; i < uncertainCount; i++) {
                if (random.nextDouble() < probability[i]) {
                    leafSum[leafOf[i]] += amount[i];
                }
            }
            Arrays.fill(rollUp, leafCount, cells, 0.0);
            for (int leaf = 0; leaf < leafCount; leaf++) {
                double v = leafSum[leaf];
                samples[leaf][draw] = v;
                rollUp[leafOwner[leaf]] += v;
                rollUp[leafSegment[leaf]] += v;
                rollUp[total] += v;
            }
            for (int cell = leafCount; cell < cells; cell++) {
                samples[cell][draw] = rollUp[cell];
            }
        }

        Map<Group, Quantiles> out = new TreeMap<>();
        for (Map.Entry<Group, Integer> e : leaves.entrySet()) {
            out.put(e.getKey(), quantiles(samples[e.getValue()]));
        }
        for (Map.Entry<String, Integer> e : owners.entrySet()) {
            out.put(new Group(e.getKey(), ALL), quantiles(samples[e.getValue()]));
        }
        for (Map.Entry<String, Integer> e : segments.entrySet()) {
            out.put(new Group(ALL, e.getKey()), quantiles(samples[e.getValue()]));
        }
        out.put(new Group(ALL, ALL), quantiles(samples[total]));
        return new Result(draws, seed, Collections.unmodifiableMap(new LinkedHashMap<>(out)));
    }

    /** The value at nearest rank ⌈p·n⌉ of sorted values. */
    static double nearestRank(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length - 1e-9);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static Quantiles quantiles(double[] draws) {
        double sum = 0;
        for (double v : draws) {
            sum += v;
        }
        Arrays.sort(draws);
        return new Quantiles(nearestRank(draws, 0.1), nearestRank(draws, 0.5), nearestRank(draws, 0.9),
                sum / draws.length);
    }

    private static <K> int number(Map<K, Integer> keys, int base) {
        int i = base;
        for (Map.Entry<K, Integer> e : keys.entrySet()) {
            e.setValue(i++);
        }
        return i - base;
    }
}
