package dev.revlake.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

import dev.revlake.bronze.BronzeTables;
import dev.revlake.lake.DeltaMerges;
import dev.revlake.raw.Source;

/**
 * Keeps every CRM version of contacts and accounts ({@code silver_contact_history},
 * {@code silver_account_history}) so that gold can ask "what did the CRM say at the end of that
 * day" — status, owner, title, firmographics — instead of reading today's values into the past.
 * Versions are insert-only: a version already stored is never changed.
 */
public final class SilverHistoryJob {

    private SilverHistoryJob() {
    }

    /** Every distinct contact version among the bronze rows (latest delivery wins an exact tie). */
    public static Dataset<Row> contactVersions(Dataset<Row> bronzeContacts) {
        return SilverContactsJob.clean(distinctVersions(bronzeContacts, "contact_id"));
    }

    /** Every distinct account version among the bronze rows (latest delivery wins an exact tie). */
    public static Dataset<Row> accountVersions(Dataset<Row> bronzeAccounts) {
        return SilverAccountsJob.clean(distinctVersions(bronzeAccounts, "account_id"));
    }

    /** Adds the batch's contact versions; returns how many versions the batch carried. */
    public static long runContacts(SparkSession spark, SilverBatch batch) {
        return DeltaMerges.upsertCheckpointed(spark, batch.lake(), SilverTables.CONTACT_HISTORY,
                contactVersions(batch.bronze(spark, Source.CRM_CONTACTS)), "false");
    }

    /** Adds the batch's account versions; returns how many versions the batch carried. */
    public static long runAccounts(SparkSession spark, SilverBatch batch) {
        return DeltaMerges.upsertCheckpointed(spark, batch.lake(), SilverTables.ACCOUNT_HISTORY,
                accountVersions(batch.bronze(spark, Source.CRM_ACCOUNTS)), "false");
    }

    private static Dataset<Row> distinctVersions(Dataset<Row> bronze, String key) {
        return bronze.withColumn("_rank", row_number().over(Window.partitionBy(key, "updated_at").orderBy(
                        col(BronzeTables.DELIVERY_DATE).desc(), col(BronzeTables.SOURCE_FILE).desc(),
                        col(BronzeTables.SOURCE_LINE).desc())))
                .filter(col("_rank").equalTo(1)).drop("_rank");
    }
}
