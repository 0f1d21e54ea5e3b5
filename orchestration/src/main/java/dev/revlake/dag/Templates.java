package dev.revlake.dag;

import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Airflow templates RevLake's DAGs use, rendered the way Airflow renders them:
 * {@code {{ ds }}} (the run date), {@code {{ macros.ds_add(ds, N) }}}, {@code {{ data_interval_start
 * | ds }}} (the first date of a backfill) and {@code {{ var.value.NAME }}} (a variable). Anything else
 * is refused, so a task never runs with a template left in its arguments.
 */
public final class Templates {

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern DS_ADD = Pattern.compile("macros\\.ds_add\\(\\s*ds\\s*,\\s*(-?\\d+)\\s*\\)");
    private static final Pattern VARIABLE = Pattern.compile("var\\.value\\.([A-Za-z_][A-Za-z0-9_]*)");

    private Templates() {
    }

    /** Whether a text uses the run date ({@code ds} or the interval start). */
    public static boolean usesRunDate(String text) {
        Matcher m = TEMPLATE.matcher(text);
        while (m.find()) {
            String e = m.group(1);
            if (e.equals("ds") || DS_ADD.matcher(e).matches() || e.equals("data_interval_start | ds")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks that every template of a text is one RevLake renders.
     *
     * @return null when all are known, else the first unknown expression
     */
    public static String unknownExpression(String text) {
        Matcher m = TEMPLATE.matcher(text);
        while (m.find()) {
            String e = m.group(1);
            if (!(e.equals("ds") || e.equals("data_interval_start | ds") || DS_ADD.matcher(e).matches()
                    || VARIABLE.matcher(e).matches())) {
                return e;
            }
        }
        return null;
    }

    /**
     * Renders a text.
     *
     * @param ds            the run date (a backfill's last date)
     * @param intervalStart the first date of the interval (a backfill's first date; {@code ds} for a
     *                      nightly run)
     * @param variables     values of {@code var.value.*}
     * @throws IllegalArgumentException for an unknown expression or variable
     */
    public static String render(String text, LocalDate ds, LocalDate intervalStart, Map<String, String> variables) {
        Matcher m = TEMPLATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String value;
            Matcher add = DS_ADD.matcher(e);
            Matcher variable = VARIABLE.matcher(e);
            if (e.equals("ds")) {
                value = ds.toString();
            } else if (e.equals("data_interval_start | ds")) {
                value = intervalStart.toString();
            } else if (add.matches()) {
                value = ds.plusDays(Long.parseLong(add.group(1))).toString();
            } else if (variable.matches()) {
                value = variables.get(variable.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("Unknown variable " + variable.group(1) + " in " + text);
                }
            } else {
                throw new IllegalArgumentException("Unknown template {{ " + e + " }} in " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
