package dev.revlake.models;

import java.util.Set;

import dev.revlake.models.training.Baseline;

/**
 * What a model predicts and from which table: the rows that have a label, the label, the columns
 * that must never be features (ids, times and anything that reveals the outcome) and the baseline
 * it is measured against. Every other numeric, boolean or text column of the table is a feature.
 *
 * @param name registry name, e.g. {@code lead_conversion}
 * @param kind {@link Kind#PROBABILITY} or {@link Kind#DURATION}
 * @param table the gold table it trains and scores on
 * @param idColumn the entity id
 * @param timeColumn the snapshot date the time split uses
 * @param labelColumn the label (boolean, or days for a duration)
 * @param labelledRows SQL condition selecting rows whose label is known and in scope
 * @param excludedColumns never features
 * @param baseline what the model must beat
 * @param maturityDays snapshots newer than the table's last date minus this many days are left out
 *        of training and evaluation: a label that appears when a deal closes is, near the end of
 *        the data, known only for the deals that close fast (mostly losses), which would bias
 *        both the model and its test metrics; 0 when the label has a fixed horizon already
 */
public record ModelDefinition(String name, Kind kind, String table, String idColumn, String timeColumn,
        String labelColumn, String labelledRows, Set<String> excludedColumns, Baseline baseline, int maturityDays) {

    /** What a model outputs. */
    public enum Kind {
        /** A calibrated probability of a yes/no outcome. */
        PROBABILITY,
        /** A number of days with an uncertainty band. */
        DURATION
    }

    public ModelDefinition {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Invalid model name: " + name);
        }
        excludedColumns = Set.copyOf(excludedColumns);
        if (maturityDays < 0) {
            throw new IllegalArgumentException("Invalid maturity days of model " + name + ": " + maturityDays);
        }
        for (String c : new String[] {idColumn, timeColumn, labelColumn}) {
            if (!excludedColumns.contains(c)) {
                throw new IllegalArgumentException("Invalid model " + name + ": " + c + " must be excluded from features");
            }
        }
    }
}
