package dev.revlake.models.evaluation;

import java.util.Comparator;
import java.util.stream.IntStream;

/** Sorting helper for the O(n log n) metrics. */
final class Order {

    private Order() {}

    /** Row indices by ascending value; the sort is stable, so results never depend on chance. */
    static int[] ascending(double[] values) {
        return IntStream.range(0, values.length)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> values[i]))
                .mapToInt(Integer::intValue)
                .toArray();
    }
}
