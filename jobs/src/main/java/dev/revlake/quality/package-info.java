/**
 * Data-quality gates: expectations declared per table ({@link dev.revlake.quality.QualityRules}),
 * evaluated after each stage for a run date by {@link dev.revlake.quality.QualityCheckJob} into
 * {@code ops_quality_checks}. A failed error-severity check stops the nightly DAG before scores
 * reach the CRM (docs/quality.md).
 */
package dev.revlake.quality;
