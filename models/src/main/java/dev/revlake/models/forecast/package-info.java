/**
 * Pipeline forecasting in plain Java: the forecast category rule shared by scoring and
 * forecasting ({@link dev.revlake.models.forecast.ForecastCategory}) and a seeded Monte Carlo
 * simulation of bookings with owner, segment and overall roll-ups
 * ({@link dev.revlake.models.forecast.MonteCarloForecast}).
 */
package dev.revlake.models.forecast;
