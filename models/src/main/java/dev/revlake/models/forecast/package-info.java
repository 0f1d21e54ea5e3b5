/** Pipeline forecasting rules shared by the scoring and forecast jobs. */
package dev.revlake.models.forecast;
