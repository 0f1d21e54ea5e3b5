package dev.revlake.models.evaluation;

import java.util.Map;
import java.util.Objects;

/**
 * A fitted map from a classifier's probability to a calibrated probability. It is saved with a model
 * as {@link #method()} plus {@link #parameters()}, which hold only numbers and lists of numbers so they
 * survive a round trip through JSON, and reloaded with {@link #fromParameters}.
 */
public interface Calibration {

    /** The calibrated probability for a classifier score. */
    double apply(double score);

    /** The method name stored with the parameters: "none", "platt" or "isotonic". */
    String method();

    /** The fitted parameters as JSON-friendly numbers and lists of numbers. */
    Map<String, Object> parameters();

    /** The calibration that returns scores unchanged, for models saved without calibration. */
    static Calibration identity() {
        return IdentityCalibration.INSTANCE;
    }

    /**
     * Rebuilds a calibration from its method and parameters, as saved. Any {@link Number} type is
     * accepted, since JSON readers may return integers or big decimals for numbers.
     *
     * @throws IllegalArgumentException for an unknown method or missing or invalid parameters
     */
    static Calibration fromParameters(String method, Map<String, Object> parameters) {
        Objects.requireNonNull(method, "method");
        return switch (method) {
            case IdentityCalibration.METHOD -> identity();
            case PlattScaling.METHOD -> PlattScaling.Sigmoid.fromParameters(parameters);
            case IsotonicCalibration.METHOD -> IsotonicCalibration.Interpolation.fromParameters(parameters);
            default -> throw new IllegalArgumentException(String.format("Unknown calibration method: %s", method));
        };
    }
}
