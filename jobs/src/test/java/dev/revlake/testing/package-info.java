/** Test support shared by the jobs' tests: the shared SparkSession and table readers. */
package dev.revlake.testing;
