/**
 * Training the same way for every model: a time split, minimum-data rules, candidate algorithms
 * ({@link dev.revlake.models.training.Algorithms}), calibration, baselines, oracle metrics and the
 * champion/challenger decision ({@link dev.revlake.models.training.ProbabilityModelTrainer},
 * {@link dev.revlake.models.training.DurationModelTrainer}).
 */
package dev.revlake.models.training;
