package dev.revlake.models.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads and writes calibration parameters as the plain numbers and lists that JSON round-trips. */
final class Parameters {

    private Parameters() {}

    static double number(Map<String, Object> parameters, String key) {
        if (parameters.get(key) instanceof Number number && Double.isFinite(number.doubleValue())) {
            return number.doubleValue();
        }
        throw invalid(key, parameters.get(key));
    }

    static double[] numbers(Map<String, Object> parameters, String key) {
        if (!(parameters.get(key) instanceof List<?> list)) {
            throw invalid(key, parameters.get(key));
        }
        double[] values = new double[list.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(list.get(i) instanceof Number number && Double.isFinite(number.doubleValue()))) {
                throw invalid(key, list);
            }
            values[i] = number.doubleValue();
        }
        return values;
    }

    static List<Double> list(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static IllegalArgumentException invalid(String key, Object value) {
        return new IllegalArgumentException(String.format("Invalid calibration parameter %s: %s", key, value));
    }
}
