package dev.revlake.models;

import java.util.Set;

import dev.revlake.models.training.Baseline;

/**
 * Opportunity win: the probability that an open opportunity is won, from
 * {@code gold_opportunity_features}. Measured against the CRM's stage probability.
 */
public final class OpportunityWinModel {

    /** Columns of the opportunity table that are never features (shared with the close-date model). */
    static final Set<String> EXCLUDED = Set.of("snapshot_date", "opportunity_id", "account_id", "contact_id",
            "owner_id", "close_date", "created_date", "lead_source", "is_won", "closed_at", "days_to_close");

    /**
     * Snapshots of the last 60 days are left out: by then most lost deals have closed (median 45
     * days) but fewer won ones (median 75), so their labels would over-represent losses.
     */
    static final int MATURITY_DAYS = 60;

    /** The definition. */
    public static final ModelDefinition DEFINITION = new ModelDefinition("opportunity_win",
            ModelDefinition.Kind.PROBABILITY, "gold_opportunity_features", "opportunity_id", "snapshot_date",
            "is_won", "is_won IS NOT NULL", EXCLUDED,
            new Baseline("crm_stage_probability", "stage_probability_percent", 100.0, true,
                    "the CRM's probability of the deal's stage"), MATURITY_DAYS);

    private OpportunityWinModel() {
    }
}
