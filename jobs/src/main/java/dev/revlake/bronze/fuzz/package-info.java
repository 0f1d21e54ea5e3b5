/**
 * Bronze fuzzer: writes raw landing files full of malformed records next to good ones, with a manifest
 * of what must happen to each, then ingests them with the real {@code BronzeIngestJob} and checks that
 * every good record landed once with its values and every bad one was quarantined with a reason of the
 * expected class. A harness for users and CI ({@code revlake fuzz}), not test-only code.
 */
package dev.revlake.bronze.fuzz;
