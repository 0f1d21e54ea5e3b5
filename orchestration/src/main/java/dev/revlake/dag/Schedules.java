package dev.revlake.dag;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.Locale;

/**
 * Which dates a DAG schedule fires on: the date fields of a five-field cron expression (day of
 * month, month, day of week, with lists, ranges and steps) or Airflow's presets ({@code @daily},
 * {@code @weekly}, {@code @monthly}, {@code @yearly}). The time of day does not matter to a runner
 * that runs one DAG run per logical date.
 */
public final class Schedules {

    private Schedules() {
    }

    /**
     * Whether the schedule has a run with this logical date.
     *
     * @throws IllegalArgumentException for a schedule that is not a cron expression or preset
     */
    public static boolean firesOn(String schedule, LocalDate date) {
        String[] fields = fields(schedule);
        BitSet days = parse(fields[2], 1, 31, schedule);
        BitSet months = parse(fields[3], 1, 12, schedule);
        BitSet weekdays = parse(fields[4].replace("7", "0"), 0, 6, schedule);
        if (!months.get(date.getMonthValue())) {
            return false;
        }
        int weekday = date.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : date.getDayOfWeek().getValue();
        boolean dayRestricted = !fields[2].equals("*");
        boolean weekdayRestricted = !fields[4].equals("*");
        // Cron's rule: when both day fields are restricted, either one matching is enough.
        if (dayRestricted && weekdayRestricted) {
            return days.get(date.getDayOfMonth()) || weekdays.get(weekday);
        }
        return days.get(date.getDayOfMonth()) && weekdays.get(weekday);
    }

    /** Checks a schedule; null when it is one this runner understands, else the problem. */
    public static String problem(String schedule) {
        try {
            firesOn(schedule, LocalDate.of(2026, 1, 1));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String[] fields(String schedule) {
        String s = schedule.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "@daily", "@midnight" -> s = "0 0 * * *";
            case "@weekly" -> s = "0 0 * * 0";
            case "@monthly" -> s = "0 0 1 * *";
            case "@yearly", "@annually" -> s = "0 0 1 1 *";
            default -> {
            }
        }
        String[] fields = s.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("Invalid schedule: '" + schedule + "' (expected five cron fields"
                    + " such as \"0 2 * * *\", or @daily, @weekly, @monthly, @yearly)");
        }
        return fields;
    }

    private static BitSet parse(String field, int min, int max, String schedule) {
        BitSet out = new BitSet(max + 1);
        for (String part : field.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), schedule);
                if (step < 1) {
                    throw new IllegalArgumentException("Invalid schedule: '" + schedule + "' (step " + step + ")");
                }
            }
            int low;
            int high;
            if (range.equals("*")) {
                low = min;
                high = max;
            } else if (range.contains("-")) {
                low = number(range.substring(0, range.indexOf('-')), schedule);
                high = number(range.substring(range.indexOf('-') + 1), schedule);
            } else {
                low = number(range, schedule);
                high = slash >= 0 ? max : low;
            }
            if (low < min || high > max || low > high) {
                throw new IllegalArgumentException("Invalid schedule: '" + schedule + "' (" + part + " is outside "
                        + min + ".." + max + ")");
            }
            for (int v = low; v <= high; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int number(String text, String schedule) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid schedule: '" + schedule + "' ('" + text + "' is not a number)");
        }
    }
}
