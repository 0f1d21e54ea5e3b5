/**
 * The {@code revlake} command line: demo, simulate, ingest, silver, nightly, tables. Usage errors
 * print one line and exit 2; no command prints a stack trace unless {@code REVLAKE_DEBUG=1}.
 */
package dev.revlake.cli;
