package dev.revlake.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One {@code revlake} command line run in-process, as the tests see it: exit code and what it
 * printed on each stream. (Commands that print with {@code System.out} directly are not captured.)
 *
 * @param code exit code
 * @param out  standard output
 * @param err  standard error
 */
record CliRun(int code, String out, String err) {

    /** Runs the command line. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RevLakeCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
