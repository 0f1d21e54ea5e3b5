/** Bookkeeping tables ({@code ops_*}): job runs and ingested files. */
package dev.revlake.ops;
