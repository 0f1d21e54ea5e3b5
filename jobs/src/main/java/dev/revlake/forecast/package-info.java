/**
 * Pipeline forecasting: each night's bookings forecast for the current month and quarter per
 * owner and segment with roll-ups ({@code gold_pipeline_forecast},
 * {@link dev.revlake.forecast.PipelineForecastJob}), and, once a period has closed, every stored
 * forecast against what was actually booked ({@code gold_forecast_accuracy},
 * {@link dev.revlake.forecast.ForecastAccuracyJob}). Method and limits: docs/forecast.md.
 */
package dev.revlake.forecast;
