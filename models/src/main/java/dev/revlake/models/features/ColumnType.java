package dev.revlake.models.features;

/** How a source column becomes model features. */
public enum ColumnType {
    /** Any number: one feature with the value; missing values become a {@code <column>#missing} indicator. */
    NUMERIC,
    /** true/false: one feature, 1 or 0. */
    BOOLEAN,
    /** Text: one indicator feature {@code <column>=<value>} per value seen in training. */
    CATEGORICAL,
    /** Dates, timestamps, arrays: never a feature (ids and times are carried beside the features). */
    IGNORED
}
