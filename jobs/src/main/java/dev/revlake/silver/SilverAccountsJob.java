package dev.revlake.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.DeltaMerges;
import dev.revlake.raw.Source;

/** Keeps {@code silver_accounts} at the latest CRM version of every account. */
public final class SilverAccountsJob {

    private SilverAccountsJob() {
    }

    /** The latest version of each account among the given bronze rows, as silver rows. */
    public static Dataset<Row> transform(Dataset<Row> bronzeAccounts) {
        return clean(SilverColumns.latestVersion(bronzeAccounts, "account_id"));
    }

    /** Bronze account rows as silver columns (names trimmed, domain lower-cased). */
    static Dataset<Row> clean(Dataset<Row> bronzeAccounts) {
        return bronzeAccounts.select(col("account_id"), trim(col("account_name")).as("account_name"),
                        lower(trim(col("website_domain"))).as("website_domain"), col("industry"),
                        col("employee_count"), col("annual_revenue_usd"), col("country"), col("owner_id"),
                        col("created_at"), col("updated_at"));
    }

    /** Merges the batch's account versions; an older version never overwrites a newer one. */
    public static long run(SparkSession spark, SilverBatch batch) {
        return DeltaMerges.upsertCheckpointed(spark, batch.lake(), SilverTables.ACCOUNTS,
                transform(batch.bronze(spark, Source.CRM_ACCOUNTS)), "s.updated_at >= t.updated_at");
    }
}
