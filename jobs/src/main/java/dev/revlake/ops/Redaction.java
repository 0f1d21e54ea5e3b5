package dev.revlake.ops;

import java.util.regex.Pattern;

/**
 * Removes row values from Spark and Delta error messages before they reach a terminal, a log or
 * {@code ops_task_runs}: a CHECK constraint violation lists the offending row's values, and an ANSI
 * cast error quotes the value it could not cast — both may be personal data (an e-mail, a name).
 * The rest of the message (constraint, column, type) stays, since that is what an operator needs.
 */
public final class Redaction {

    /** What replaces a withheld value. */
    public static final String WITHHELD = "(value withheld)";

    /** Delta: "... violated by row with values:\n - email : bob@example.com". */
    private static final Pattern ROW_VALUES = Pattern.compile("(?s)(violated by row with values)\\s*:?.*");
    /** Spark: "The value 'bob@example.com' of the type ..." (and the same with double quotes). */
    private static final Pattern QUOTED_VALUE = Pattern.compile("(?i)(the value )('(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\")");

    private Redaction() {
    }

    /** The message without row values; null stays null. */
    public static String message(String message) {
        if (message == null) {
            return null;
        }
        String out = ROW_VALUES.matcher(message).replaceAll("$1 " + WITHHELD);
        return QUOTED_VALUE.matcher(out).replaceAll("$1" + WITHHELD);
    }
}
