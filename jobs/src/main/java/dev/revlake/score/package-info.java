/**
 * Scoring: the champion models applied to every open lead and deal each night
 * ({@code gold_lead_scores}, {@code gold_opportunity_scores}) and the handoff alerts raised when a
 * lead crosses the threshold ({@code gold_lead_alerts}). {@link dev.revlake.score.ScoreTables}
 * declares every prediction table, forecasts included.
 */
package dev.revlake.score;
