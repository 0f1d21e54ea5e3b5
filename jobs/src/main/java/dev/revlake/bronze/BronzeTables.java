package dev.revlake.bronze;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.revlake.lake.Layer;
import dev.revlake.lake.TableContract;
import dev.revlake.raw.FieldType;
import dev.revlake.raw.RawField;
import dev.revlake.raw.Source;

/**
 * Contracts of the bronze tables: one per source, derived from the raw contract (same field names,
 * typed), plus lineage columns, and the shared quarantine table.
 *
 * <p>Bronze only parses and types: no joins, no cleaning beyond what typing needs. Every bronze
 * table is partitioned by {@code delivery_date}, the {@code dt=} folder the record arrived in, so
 * a nightly run touches exactly one partition.
 */
public final class BronzeTables {

    /** Partition column: the {@code dt} folder a record was delivered in. */
    public static final String DELIVERY_DATE = "delivery_date";
    /** Contract fields the source sent that the contract does not know, as a JSON object. */
    public static final String EXTRA_FIELDS = "_extra_fields";
    /**
     * The logical date of the run that ingested the row: the delivery date for files that landed
     * on time, the nightly date for a file found late in an earlier folder. Silver reads bronze by
     * this column, so late files reach silver exactly once per run that ingested them.
     */
    public static final String INGEST_DATE = "_ingest_date";
    /** Path of the raw file the record came from. */
    public static final String SOURCE_FILE = "_source_file";
    /** 1-based line in that file where the record starts. */
    public static final String SOURCE_LINE = "_source_line";
    /** When the ingest run that wrote the row started (UTC). */
    public static final String INGESTED_AT = "_ingested_at";
    /** The ingest run that wrote the row. */
    public static final String RUN_ID = "_run_id";

    /** One row per rejected raw record, with the reason a person can read. */
    public static final TableContract QUARANTINE = new TableContract(
            "bronze_quarantine", Layer.BRONZE,
            "one row per raw record that could not be parsed or failed the contract",
            new StructType()
                    .add("source", DataTypes.StringType, false)
                    .add(DELIVERY_DATE, DataTypes.DateType, false)
                    .add(SOURCE_FILE, DataTypes.StringType, false)
                    .add(SOURCE_LINE, DataTypes.LongType, false)
                    .add("reason", DataTypes.StringType, false)
                    .add("raw_record", DataTypes.StringType, true)
                    .add(INGESTED_AT, DataTypes.TimestampType, false)
                    .add(RUN_ID, DataTypes.StringType, false),
            List.of(SOURCE_FILE, SOURCE_LINE), List.of(DELIVERY_DATE), Map.of());

    private static final Map<Source, TableContract> BY_SOURCE = new EnumMap<>(Source.class);

    static {
        for (Source s : Source.values()) {
            BY_SOURCE.put(s, build(s));
        }
    }

    private BronzeTables() {
    }

    /** The bronze table of a source. */
    public static TableContract forSource(Source source) {
        return BY_SOURCE.get(source);
    }

    /** All bronze tables, sources first, quarantine last. */
    public static List<TableContract> all() {
        List<TableContract> all = new ArrayList<>(BY_SOURCE.values());
        all.add(QUARANTINE);
        return all;
    }

    /** The schema of a source's contract fields only (no lineage columns), in contract order. */
    public static StructType dataSchema(Source source) {
        StructType schema = new StructType();
        for (RawField f : source.fields()) {
            schema = schema.add(f.name(), sparkType(f.type()), !f.required());
        }
        return schema;
    }

    /** The Spark type a raw field type is stored as. */
    public static DataType sparkType(FieldType type) {
        return switch (type) {
            case STRING, EMAIL, IP_ADDRESS -> DataTypes.StringType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case DATE -> DataTypes.DateType;
            case LONG -> DataTypes.LongType;
            case INT -> DataTypes.IntegerType;
            case MONEY -> DataTypes.createDecimalType(18, 2);
            case BOOLEAN -> DataTypes.BooleanType;
        };
    }

    private static TableContract build(Source source) {
        StructType schema = dataSchema(source)
                .add(EXTRA_FIELDS, DataTypes.StringType, true)
                .add(DELIVERY_DATE, DataTypes.DateType, false)
                .add(INGEST_DATE, DataTypes.DateType, false)
                .add(SOURCE_FILE, DataTypes.StringType, false)
                .add(SOURCE_LINE, DataTypes.LongType, false)
                .add(INGESTED_AT, DataTypes.TimestampType, false)
                .add(RUN_ID, DataTypes.StringType, false);
        Map<String, String> constraints = new LinkedHashMap<>();
        for (RawField f : source.fields()) {
            if (f.nonNegative()) {
                constraints.put(f.name() + "_not_negative", f.name() + " IS NULL OR " + f.name() + " >= 0");
            }
            if (!f.allowedValues().isEmpty()) {
                constraints.put(f.name() + "_known_value", f.name() + " IS NULL OR " + f.name() + " IN ("
                        + f.allowedValues().stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "))
                        + ")");
            }
        }
        String grain = source.isEventStream()
                ? "one row per delivered " + source.id() + " event (first delivery wins)"
                : "one row per " + source.id() + " record version (" + String.join(", ", source.keyFields()) + ")";
        return new TableContract("bronze_" + source.id(), Layer.BRONZE, grain, schema,
                source.keyFields(), List.of(DELIVERY_DATE), constraints);
    }
}
