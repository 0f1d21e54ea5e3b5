package dev.revlake.models;

import java.util.Set;

import dev.revlake.models.training.Baseline;

/**
 * Lead conversion: the probability that an open lead converts to an opportunity within 30 days,
 * from {@code gold_lead_features}. Measured against the rule-based points score of marketing
 * automation (the gold {@code engagement_score}: points per activity, halved every 14 days).
 */
public final class LeadConversionModel {

    /** The definition. */
    public static final ModelDefinition DEFINITION = new ModelDefinition("lead_conversion",
            ModelDefinition.Kind.PROBABILITY, "gold_lead_features", "contact_id", "snapshot_date",
            "converted_within_30d", "converted_within_30d IS NOT NULL",
            Set.of("snapshot_date", "contact_id", "account_id", "owner_id", "lead_created_date", "label_matures_on", "days_since_created", "days_since_first_touch",
                    "converted_within_30d", "converted_date"),
            new Baseline("points_score", "engagement_score", 1.0, false,
                    "marketing-automation points per activity, halved every 14 days (gold engagement_score)"), 0);

    private LeadConversionModel() {
    }
}
