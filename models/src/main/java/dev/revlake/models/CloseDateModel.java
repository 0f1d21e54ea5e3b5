package dev.revlake.models;

import dev.revlake.models.training.Baseline;

/**
 * Close date: days from the snapshot until a deal that will be won closes, from
 * {@code gold_opportunity_features} rows of won deals, with a P10–P90 band. Forecasts multiply it
 * with the win probability, so it is the close date given a win. Measured against the CRM close
 * date (days until it, never below 0).
 */
public final class CloseDateModel {

    /** The definition. */
    public static final ModelDefinition DEFINITION = new ModelDefinition("close_date",
            ModelDefinition.Kind.DURATION, "gold_opportunity_features", "opportunity_id", "snapshot_date",
            "days_to_close", "is_won = true AND days_to_close IS NOT NULL", OpportunityWinModel.EXCLUDED,
            new Baseline("crm_close_date", "days_until_close_date", 1.0, false,
                    "the CRM close date of the deal at the snapshot"), OpportunityWinModel.MATURITY_DAYS);

    private CloseDateModel() {
    }
}
