package dev.revlake.export;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.apache.spark.sql.Row;

/**
 * The CRM object a view is loaded into, with its field mapping: header names are the CRM's API
 * field (Salesforce) or property internal name (HubSpot), values come from the view's columns.
 *
 * @param name   object name, also the file name stem (e.g. {@code Lead}, {@code contacts})
 * @param fields fields in header order; the first one is the external id used to upsert
 */
public record CrmObject(String name, List<Field> fields) {

    /** Reasons are joined into one text field with this separator. */
    public static final String REASON_SEPARATOR = "; ";

    private static final DateTimeFormatter UTC_DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * One exported field.
     *
     * @param header CRM field name
     * @param value  the value of a row: String, Number, Boolean, LocalDate, Instant, a list of texts, or null
     */
    public record Field(String header, Function<Row, Object> value) {
        public Field {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(value, "value");
        }
    }

    public CrmObject {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("Invalid CRM object " + name + ": no fields");
        }
    }

    /** Header names in order. */
    public List<String> headers() {
        return fields.stream().map(Field::header).toList();
    }

    /** The field values of a row as text; {@code nullText} stands for a null value. */
    public List<String> texts(Row row, String nullText) {
        List<String> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            Object v = f.value().apply(row);
            out.add(v == null ? nullText : text(v));
        }
        return out;
    }

    /**
     * The object of a view in a format, or null when the format has no object for it (HubSpot has
     * no forecast object; JSON Lines has no mapping: it writes the table's columns).
     */
    public static CrmObject of(ExportFormat format, ExportView view) {
        return switch (format) {
            case SALESFORCE -> switch (view.name()) {
                case "lead_scores" -> new CrmObject("Lead", List.of(
                        col("RevLake_Lead_Id__c", "contact_id"),
                        col("RevLake_Score__c", "score"),
                        col("RevLake_Tier__c", "tier"),
                        col("RevLake_Conversion_Probability__c", "conversion_probability"),
                        col("RevLake_Score_Change_7d__c", "score_change_7d"),
                        col("RevLake_Top_Reasons__c", "top_reasons"),
                        col("RevLake_Negative_Reasons__c", "negative_reasons"),
                        col("RevLake_Model_Version__c", "model_version"),
                        col("RevLake_Score_Date__c", "score_date"),
                        col("RevLake_Scored_At__c", "scored_at")));
                case "opportunity_scores" -> new CrmObject("Opportunity", List.of(
                        col("RevLake_Opportunity_Id__c", "opportunity_id"),
                        col("RevLake_Win_Probability__c", "win_probability"),
                        col("RevLake_Win_Score__c", "win_score"),
                        col("RevLake_Predicted_Close_Date__c", "predicted_close_date"),
                        col("RevLake_Predicted_Close_P10_Date__c", "predicted_close_low_date"),
                        col("RevLake_Predicted_Close_P90_Date__c", "predicted_close_high_date"),
                        col("RevLake_Slip_Risk__c", "is_slip_risk"),
                        col("RevLake_Forecast_Category__c", "forecast_category"),
                        col("RevLake_Top_Reasons__c", "top_reasons"),
                        col("RevLake_Negative_Reasons__c", "negative_reasons"),
                        col("RevLake_Win_Model_Version__c", "win_model_version"),
                        col("RevLake_Close_Date_Model_Version__c", "close_date_model_version"),
                        col("RevLake_Score_Date__c", "score_date"),
                        col("RevLake_Scored_At__c", "scored_at")));
                case "pipeline_forecast" -> new CrmObject("RevLake_Forecast__c", List.of(
                        new Field("RevLake_Forecast_Key__c", CrmObject::forecastKey),
                        col("RevLake_Period_Type__c", "period_type"),
                        col("RevLake_Period_Start__c", "period_start"),
                        col("RevLake_Period_End__c", "period_end"),
                        col("RevLake_Owner_Id__c", "owner_id"),
                        col("RevLake_Segment__c", "segment"),
                        col("RevLake_Forecast_Date__c", "forecast_date"),
                        col("RevLake_Closed_Won__c", "closed_won_usd"),
                        col("RevLake_Open_Deals__c", "open_deals"),
                        col("RevLake_Open_Pipeline__c", "open_pipeline_usd"),
                        col("RevLake_Stage_Weighted__c", "stage_weighted_usd"),
                        col("RevLake_Expected_Bookings__c", "expected_bookings_usd"),
                        col("RevLake_P10_Bookings__c", "p10_bookings_usd"),
                        col("RevLake_P50_Bookings__c", "p50_bookings_usd"),
                        col("RevLake_P90_Bookings__c", "p90_bookings_usd"),
                        col("RevLake_Commit__c", "commit_usd"),
                        col("RevLake_Best_Case__c", "best_case_usd"),
                        col("RevLake_Pipeline__c", "pipeline_usd"),
                        col("RevLake_Win_Model_Version__c", "win_model_version"),
                        col("RevLake_Close_Date_Model_Version__c", "close_date_model_version"),
                        col("RevLake_Forecast_At__c", "forecast_at")));
                default -> null;
            };
            case HUBSPOT -> switch (view.name()) {
                case "lead_scores" -> new CrmObject("contacts", List.of(
                        col("revlake_contact_id", "contact_id"),
                        col("revlake_score", "score"),
                        col("revlake_tier", "tier"),
                        col("revlake_conversion_probability", "conversion_probability"),
                        col("revlake_score_change_7d", "score_change_7d"),
                        col("revlake_top_reasons", "top_reasons"),
                        col("revlake_negative_reasons", "negative_reasons"),
                        col("revlake_model_version", "model_version"),
                        col("revlake_score_date", "score_date"),
                        col("revlake_scored_at", "scored_at")));
                case "opportunity_scores" -> new CrmObject("deals", List.of(
                        col("revlake_opportunity_id", "opportunity_id"),
                        col("revlake_win_probability", "win_probability"),
                        col("revlake_win_score", "win_score"),
                        col("revlake_predicted_close_date", "predicted_close_date"),
                        col("revlake_predicted_close_p10_date", "predicted_close_low_date"),
                        col("revlake_predicted_close_p90_date", "predicted_close_high_date"),
                        col("revlake_slip_risk", "is_slip_risk"),
                        col("revlake_forecast_category", "forecast_category"),
                        col("revlake_top_reasons", "top_reasons"),
                        col("revlake_negative_reasons", "negative_reasons"),
                        col("revlake_win_model_version", "win_model_version"),
                        col("revlake_close_date_model_version", "close_date_model_version"),
                        col("revlake_score_date", "score_date"),
                        col("revlake_scored_at", "scored_at")));
                default -> null;
            };
            case JSONL -> null;
        };
    }

    /** The forecast's composite external id: {@code period_type|period_start|owner_id|segment}. */
    static String forecastKey(Row row) {
        return row.getAs("period_type") + "|" + row.getAs("period_start") + "|" + row.getAs("owner_id") + "|"
                + row.getAs("segment");
    }

    private static Field col(String header, String column) {
        return new Field(header, row -> {
            int i = row.fieldIndex(column);
            if (row.isNullAt(i)) {
                return null;
            }
            Object v = row.get(i);
            return v instanceof scala.collection.Seq<?> ? row.getList(i) : v;
        });
    }

    /** CRM text of a value: plain decimals, ISO dates, UTC times with milliseconds, joined reasons. */
    static String text(Object v) {
        if (v instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Instant t) {
            return UTC_DATETIME.format(t.truncatedTo(ChronoUnit.MILLIS));
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof List<?> list) {
            return String.join(REASON_SEPARATOR, list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }
}
