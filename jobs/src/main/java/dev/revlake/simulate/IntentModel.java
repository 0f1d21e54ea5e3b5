package dev.revlake.simulate;

/**
 * The hidden buying-intent model: a Markov chain per account over five states, and for each lead a
 * daily hazard of converting into an opportunity (scaled by the lead's fit) competing with a daily
 * hazard of being disqualified.
 *
 * <p>Timeline of a simulated day d: the account moves from its state of day d-1 to s(d) with
 * {@link #transition(int, int)}; the lead then converts with probability {@code h(s(d)) * fit}, else
 * is disqualified with probability {@code q(s(d))}. Conversion and disqualification end the lead.
 * Because nothing else influences these draws, the probability of converting within the next n
 * days given the state at the end of a day is computed exactly by {@link #convertWithin(int, double)}.
 */
public final class IntentModel {

    /** Number of intent states. */
    public static final int STATES = 5;
    /** Intent states, in warming order. */
    public static final int DORMANT = 0;
    public static final int AWARE = 1;
    public static final int RESEARCHING = 2;
    public static final int EVALUATING = 3;
    public static final int BUYING = 4;

    private static final String[] NAMES = {"dormant", "aware", "researching", "evaluating", "buying"};

    /**
     * Daily transitions. Rows sum to 1. Warm-up is slow and cooling is possible from every state,
     * so accounts wander up and down over weeks, like a real buying cycle.
     */
    private static final double[][] P = {
            {0.975, 0.025, 0.000, 0.000, 0.000},
            {0.040, 0.925, 0.035, 0.000, 0.000},
            {0.010, 0.040, 0.910, 0.040, 0.000},
            {0.005, 0.010, 0.045, 0.900, 0.040},
            {0.010, 0.005, 0.010, 0.050, 0.925}};

    /** State mix on the first day; close to the stationary distribution of {@link #P}. */
    private static final double[] INITIAL = {0.50, 0.26, 0.13, 0.07, 0.04};

    /** Daily lead-to-opportunity hazard per state for a lead of fit 1. */
    private static final double[] CONVERT = {0.0003, 0.0010, 0.0030, 0.0080, 0.0200};

    /** Daily disqualification hazard per state (reps drop leads that stay cold). */
    private static final double[] DISQUALIFY = {0.0040, 0.0030, 0.0015, 0.0010, 0.0005};

    private IntentModel() {
    }

    /** Name of a state, e.g. {@code researching}. */
    public static String name(int state) {
        return NAMES[state];
    }

    /** Probability of moving from {@code from} to {@code to} in one day. */
    public static double transition(int from, int to) {
        return P[from][to];
    }

    /** Probability that an account starts in {@code state}. */
    public static double initial(int state) {
        return INITIAL[state];
    }

    /** Daily conversion probability of a lead of the given fit while its account is in {@code state}. */
    public static double convertHazard(int state, double fit) {
        return Math.min(0.5, CONVERT[state] * fit);
    }

    /** Daily disqualification probability while the account is in {@code state}. */
    public static double disqualifyHazard(int state) {
        return DISQUALIFY[state];
    }

    /** Draws the next state from {@code from} with a uniform draw {@code u} in [0, 1). */
    static int next(int from, double u) {
        double[] row = P[from];
        double acc = 0;
        for (int j = 0; j < STATES - 1; j++) {
            acc += row[j];
            if (u < acc) {
                return j;
            }
        }
        return STATES - 1;
    }

    /** Draws an initial state with a uniform draw {@code u} in [0, 1). */
    static int initialState(double u) {
        double acc = 0;
        for (int j = 0; j < STATES - 1; j++) {
            acc += INITIAL[j];
            if (u < acc) {
                return j;
            }
        }
        return STATES - 1;
    }

    /**
     * Exact probability, for every state at the end of a day, that a still-open lead of the given fit
     * converts within the next {@code horizonDays} days. Dynamic programming over the chain:
     * {@code g0 = 0}, {@code gk(s) = sum_j P[s][j] (h(j) + (1 - h(j) - q(j)) g(k-1)(j))}.
     *
     * @return array indexed by state
     */
    public static double[] convertWithin(int horizonDays, double fit) {
        if (horizonDays < 0) {
            throw new IllegalArgumentException("Invalid horizonDays: " + horizonDays + " (must be >= 0)");
        }
        double[] h = new double[STATES];
        double[] stay = new double[STATES];
        for (int j = 0; j < STATES; j++) {
            h[j] = convertHazard(j, fit);
            stay[j] = Math.max(0.0, 1.0 - h[j] - DISQUALIFY[j]);
        }
        double[] g = new double[STATES];
        double[] next = new double[STATES];
        for (int k = 0; k < horizonDays; k++) {
            for (int s = 0; s < STATES; s++) {
                double v = 0;
                for (int j = 0; j < STATES; j++) {
                    v += P[s][j] * (h[j] + stay[j] * g[j]);
                }
                next[s] = v;
            }
            double[] t = g;
            g = next;
            next = t;
        }
        return g;
    }
}
