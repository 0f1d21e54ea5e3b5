package dev.revlake.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import dev.revlake.bronze.BronzeTables;

/** Column expressions silver uses to clean values the same way everywhere. */
public final class SilverColumns {

    private SilverColumns() {
    }

    /** E-mail as an identity key: trimmed and lower-cased ("  Ann@X.com " and "ann@x.com" are one person). */
    public static Column normalizedEmail(Column email) {
        return nullif(lower(trim(email)), lit(""));
    }

    /** The path of a URL ("/pricing" for "https://x.example/pricing?a=1"), "/" when it has none. */
    public static Column urlPath(Column url) {
        Column path = regexp_extract(url, "^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*([^?#]*)", 1);
        return when(url.isNull(), lit(null)).when(path.equalTo(""), lit("/")).otherwise(lower(path));
    }

    /**
     * What kind of page a path is, for intent signals: pricing, demo, case_study, docs, blog,
     * webinar, product, careers, home, other.
     */
    public static Column pageCategory(Column path) {
        return when(path.isNull(), lit(null))
                .when(path.startsWith("/pricing"), lit("pricing"))
                .when(path.startsWith("/demo"), lit("demo"))
                .when(path.startsWith("/case-studies").or(path.startsWith("/customers")), lit("case_study"))
                .when(path.startsWith("/docs"), lit("docs"))
                .when(path.startsWith("/blog"), lit("blog"))
                .when(path.startsWith("/webinar"), lit("webinar"))
                .when(path.startsWith("/product").or(path.startsWith("/features")), lit("product"))
                .when(path.startsWith("/careers"), lit("careers"))
                .when(path.equalTo("/"), lit("home"))
                .otherwise(lit("other"));
    }

    /** Host of a referrer URL without "www.", lower case; null when there is none. */
    public static Column referrerDomain(Column referrer) {
        Column host = lower(regexp_extract(referrer, "^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]+)", 1));
        return nullif(regexp_replace(host, "^www\\.", ""), lit(""));
    }

    /** desktop, mobile or tablet from a user agent string; null when there is none. */
    public static Column deviceType(Column userAgent) {
        return when(userAgent.isNull(), lit(null))
                .when(userAgent.rlike("(?i)ipad|tablet"), lit("tablet"))
                .when(userAgent.rlike("(?i)mobile|iphone|android"), lit("mobile"))
                .otherwise(lit("desktop"));
    }

    /**
     * The latest version of each record among bronze rows of a CRM extract: newest
     * {@code updated_at}, then the latest delivery (file and line break exact ties).
     */
    public static Dataset<Row> latestVersion(
            Dataset<Row> bronze, String key) {
        return bronze.withColumn("_rank", row_number().over(
                        Window.partitionBy(key).orderBy(
                                col("updated_at").desc(), col(BronzeTables.DELIVERY_DATE).desc(),
                                col(BronzeTables.SOURCE_FILE).desc(),
                                col(BronzeTables.SOURCE_LINE).desc())))
                .filter(col("_rank").equalTo(1)).drop("_rank");
    }
}
