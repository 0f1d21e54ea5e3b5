/**
 * What revenue operations looks at, read from the lake: the pipeline forecast against actuals,
 * lead scores and handoff alerts, the funnel and its velocity, and how far the models can be
 * trusted. Each report ({@link dev.revlake.report.ForecastReport}, {@link dev.revlake.report.LeadScoreReport},
 * {@link dev.revlake.report.FunnelReport}, {@link dev.revlake.report.ModelReport}) loads a small
 * summary with Spark and offers it as XChart charts and {@link dev.revlake.report.ReportTable}s;
 * the Java notebooks display them and {@link dev.revlake.report.HtmlReport} writes them as one
 * static page ({@code revlake report}). Reports only read: they never write a table.
 */
package dev.revlake.report;
