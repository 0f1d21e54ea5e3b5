package dev.revlake.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * Fit attributes shared by every gold table: employee and revenue bands, the sales segment, and
 * seniority and department parsed from free-text job titles. Bands are the ones B2B CRMs and
 * data vendors use, so a rep reads them without a legend.
 *
 * <ul>
 *   <li>employee band: {@code 1-10, 11-50, 51-200, 201-1000, 1001-5000, 5001+};</li>
 *   <li>annual revenue band (USD): {@code <1M, 1M-10M, 10M-50M, 50M-250M, 250M-1B, 1B+};</li>
 *   <li>segment: {@code smb} (up to 200 employees), {@code mid_market} (201–1000),
 *       {@code enterprise} (over 1000), {@code unknown};</li>
 *   <li>seniority: {@code c_level, vp, director, manager, individual_contributor, intern};</li>
 *   <li>department: {@code revenue_operations, sales, marketing, data, finance, it, people,
 *       operations, executive, other}.</li>
 * </ul>
 * Unknown inputs give {@code unknown}, never null, so models see a category of their own.
 */
public final class Firmographics {

    /** Value used when an attribute is missing. */
    public static final String UNKNOWN = "unknown";

    private Firmographics() {
    }

    /** Employee band of an employee count. */
    public static Column employeeBand(Column employees) {
        return when(employees.isNull(), lit(UNKNOWN))
                .when(employees.leq(10), lit("1-10"))
                .when(employees.leq(50), lit("11-50"))
                .when(employees.leq(200), lit("51-200"))
                .when(employees.leq(1000), lit("201-1000"))
                .when(employees.leq(5000), lit("1001-5000"))
                .otherwise(lit("5001+"));
    }

    /** Revenue band of an annual revenue in USD. */
    public static Column revenueBand(Column revenueUsd) {
        return when(revenueUsd.isNull(), lit(UNKNOWN))
                .when(revenueUsd.lt(1_000_000), lit("<1M"))
                .when(revenueUsd.lt(10_000_000), lit("1M-10M"))
                .when(revenueUsd.lt(50_000_000), lit("10M-50M"))
                .when(revenueUsd.lt(250_000_000), lit("50M-250M"))
                .when(revenueUsd.lt(1_000_000_000L), lit("250M-1B"))
                .otherwise(lit("1B+"));
    }

    /** Sales segment of an employee count. */
    public static Column segment(Column employees) {
        return when(employees.isNull(), lit(UNKNOWN))
                .when(employees.leq(200), lit("smb"))
                .when(employees.leq(1000), lit("mid_market"))
                .otherwise(lit("enterprise"));
    }

    /** Seniority parsed from a free-text job title (English titles and common abbreviations). */
    public static Column seniority(Column title) {
        Column t = lower(coalesce(title, lit("")));
        return when(t.equalTo(lit("")), lit(UNKNOWN))
                .when(t.rlike("\\bintern\\b|\\btrainee\\b|\\bstudent\\b"), lit("intern"))
                .when(t.rlike("\\bchief\\b|\\bc[a-z]o\\b|\\bfounder\\b|\\bpresident\\b|\\bowner\\b"),
                        lit("c_level"))
                .when(t.rlike("\\bvp\\b|vice president|\\bsvp\\b|\\bevp\\b"), lit("vp"))
                .when(t.rlike("\\bdirector\\b|\\bhead of\\b"), lit("director"))
                .when(t.rlike("\\bmanager\\b|\\blead\\b|\\bsupervisor\\b|\\bcontroller\\b"), lit("manager"))
                .otherwise(lit("individual_contributor"));
    }

    /** Department parsed from a free-text job title. */
    public static Column department(Column title) {
        Column t = lower(coalesce(title, lit("")));
        return when(t.equalTo(lit("")), lit(UNKNOWN))
                .when(t.rlike("revenue operations|revops|sales operations|\\bcro\\b|crm admin"),
                        lit("revenue_operations"))
                .when(t.rlike("marketing|demand gen|content|\\bcmo\\b|brand|growth"), lit("marketing"))
                .when(t.rlike("sales|account executive|account manager|business development|\\bsdr\\b|\\bbdr\\b"),
                        lit("sales"))
                .when(t.rlike("\\bdata\\b|analytics|\\bcdo\\b|scientist"), lit("data"))
                .when(t.rlike("financ|fp&a|\\bcfo\\b|controller|accounting"), lit("finance"))
                .when(t.rlike("\\bit\\b|\\bcio\\b|\\bcto\\b|systems|architect|engineer|technology|security"),
                        lit("it"))
                .when(t.rlike("\\bhr\\b|people|recruit|talent|\\bchro\\b|human resources"), lit("people"))
                .when(t.rlike("operations|\\bcoo\\b|project|business analyst"), lit("operations"))
                .when(t.rlike("\\bceo\\b|founder|president|owner"), lit("executive"))
                .otherwise(lit("other"));
    }
}
