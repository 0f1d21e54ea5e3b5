package dev.revlake.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

import dev.revlake.lake.DeltaMerges;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.raw.Source;

/**
 * Identity stitching: an anonymous browser cookie becomes a known contact when a form fill or a
 * tracked e-mail click on that browser reveals the e-mail address. A contact may own several
 * cookies (devices); a cookie belongs to the contact who identified first on it.
 */
public final class SilverIdentityJob {

    /** How an identification happened. */
    public static final String BY_FORM = "form_submission";
    /** How an identification happened. */
    public static final String BY_EMAIL_CLICK = "email_click";

    private SilverIdentityJob() {
    }

    /**
     * The earliest identification of each anonymous_id among form fills and tracked e-mail clicks,
     * resolved to a contact through the CRM's e-mail addresses.
     *
     * @param forms     bronze form submissions
     * @param emails    bronze e-mail events (clicks with an anonymous_id identify)
     * @param unresolved identity rows already stored whose contact was not yet known
     * @param contacts  current silver contacts
     */
    public static Dataset<Row> transform(Dataset<Row> forms, Dataset<Row> emails, Dataset<Row> unresolved,
                                         Dataset<Row> contacts) {
        Dataset<Row> fromForms = forms.filter(col("anonymous_id").isNotNull()).select(col("anonymous_id"),
                SilverColumns.normalizedEmail(col("email")).as("email"), col("occurred_at").as("identified_at"),
                lit(BY_FORM).as("identified_by"), col("event_id").as("identifying_event_id"));
        Dataset<Row> fromClicks = emails.filter(col("event_type").equalTo("click")
                        .and(col("anonymous_id").isNotNull()))
                .select(col("anonymous_id"), SilverColumns.normalizedEmail(col("email")).as("email"),
                        col("occurred_at").as("identified_at"), lit(BY_EMAIL_CLICK).as("identified_by"),
                        col("event_id").as("identifying_event_id"));
        Dataset<Row> earlier = unresolved.select("anonymous_id", "email", "identified_at", "identified_by",
                "identifying_event_id");
        Dataset<Row> first = fromForms.unionByName(fromClicks).unionByName(earlier)
                .filter(col("email").isNotNull())
                .withColumn("_rank", row_number().over(Window.partitionBy("anonymous_id")
                        .orderBy(col("identified_at"), col("identifying_event_id"))))
                .filter(col("_rank").equalTo(1)).drop("_rank");
        Dataset<Row> byEmail = contactsByEmail(contacts);
        return first.join(byEmail, first.col("email").equalTo(byEmail.col("_email")), "left")
                .select("anonymous_id", "email", "contact_id", "account_id", "identified_at", "identified_by",
                        "identifying_event_id");
    }

    /**
     * One contact per normalized e-mail ({@code _email, contact_id, account_id}): should two CRM
     * records share an address, the oldest one is the person.
     */
    public static Dataset<Row> contactsByEmail(Dataset<Row> contacts) {
        return contacts.select(col("email").as("_email"), col("contact_id"), col("account_id"),
                        col("created_at").as("_created_at"))
                .withColumn("_rank", row_number().over(Window.partitionBy("_email")
                        .orderBy(col("_created_at"), col("contact_id"))))
                .filter(col("_rank").equalTo(1)).select("_email", "contact_id", "account_id");
    }

    /**
     * Merges identifications of the batch and resolves stored ones whose contact appeared since.
     *
     * @param checkpoints the caller's scope, which holds the returned rows
     * @return the rows merged; they also drive retroactive stitching of earlier anonymous events
     */
    public static Dataset<Row> run(SparkSession spark, SilverBatch batch, LocalCheckpoints checkpoints) {
        Dataset<Row> unresolved = batch.silver(spark, SilverTables.IDENTITY_MAP).filter(col("contact_id").isNull());
        Dataset<Row> rows = checkpoints.take(transform(batch.bronze(spark, Source.FORM_SUBMISSIONS),
                batch.bronze(spark, Source.EMAIL_EVENTS), unresolved, batch.silver(spark, SilverTables.CONTACTS)));
        if (!rows.isEmpty()) {
            DeltaMerges.upsert(spark, batch.lake(), SilverTables.IDENTITY_MAP, rows, null,
                    "s.identified_at < t.identified_at"
                            + " OR (s.identified_at = t.identified_at AND s.identifying_event_id < t.identifying_event_id)"
                            + " OR (s.identifying_event_id = t.identifying_event_id AND t.contact_id IS NULL"
                            + " AND s.contact_id IS NOT NULL)");
        }
        return rows;
    }
}
