package dev.revlake.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.DeltaMerges;
import dev.revlake.raw.Source;

/** Keeps {@code silver_contacts} at the latest CRM version of every lead and contact. */
public final class SilverContactsJob {

    private SilverContactsJob() {
    }

    /** The latest version of each contact among the given bronze rows, as silver rows. */
    public static Dataset<Row> transform(Dataset<Row> bronzeContacts) {
        return clean(SilverColumns.latestVersion(bronzeContacts, "contact_id"));
    }

    /** Bronze contact rows as silver columns (e-mail normalised, names trimmed, conversion flag). */
    static Dataset<Row> clean(Dataset<Row> bronzeContacts) {
        return bronzeContacts.select(col("contact_id"), col("record_type"), col("account_id"),
                        SilverColumns.normalizedEmail(col("email")).as("email"),
                        trim(col("first_name")).as("first_name"), trim(col("last_name")).as("last_name"),
                        trim(col("job_title")).as("job_title"), col("country"), col("owner_id"), col("lead_source"),
                        col("status"),
                        col("status").equalTo(lit("converted")).or(col("converted_at").isNotNull()).as("is_converted"),
                        col("converted_at"), col("converted_opportunity_id"), col("created_at"), col("updated_at"));
    }

    /** Merges the batch's contact versions; an older version never overwrites a newer one. */
    public static long run(SparkSession spark, SilverBatch batch) {
        return DeltaMerges.upsertCheckpointed(spark, batch.lake(), SilverTables.CONTACTS,
                transform(batch.bronze(spark, Source.CRM_CONTACTS)), "s.updated_at >= t.updated_at");
    }
}
