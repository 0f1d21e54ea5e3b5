package dev.revlake.simulate;

import java.time.LocalDate;

/** Fast ISO-8601 formatting of epoch milliseconds; DateTimeFormatter is too slow per event. */
final class Times {

    static final long DAY_MS = 86_400_000L;

    private Times() {
    }

    /** {@code 2026-01-05T10:11:12.345Z}. */
    static String formatUtc(long ms) {
        StringBuilder b = new StringBuilder(24);
        appendLocal(b, ms);
        return b.append('Z').toString();
    }

    /** The same instant as local time at {@code offset} ({@code +02:00}), e.g. {@code ...12.345+02:00}. */
    static String formatWithOffset(long ms, String offset) {
        int sign = offset.charAt(0) == '-' ? -1 : 1;
        long minutes = Integer.parseInt(offset.substring(1, 3)) * 60L + Integer.parseInt(offset.substring(4, 6));
        StringBuilder b = new StringBuilder(30);
        appendLocal(b, ms + sign * minutes * 60_000L);
        return b.append(offset).toString();
    }

    /** {@code 2026-01-05}. */
    static String date(long ms) {
        return LocalDate.ofEpochDay(Math.floorDiv(ms, DAY_MS)).toString();
    }

    private static void appendLocal(StringBuilder b, long ms) {
        long day = Math.floorDiv(ms, DAY_MS);
        int msOfDay = (int) (ms - day * DAY_MS);
        b.append(LocalDate.ofEpochDay(day)).append('T');
        two(b, msOfDay / 3_600_000);
        b.append(':');
        two(b, msOfDay / 60_000 % 60);
        b.append(':');
        two(b, msOfDay / 1000 % 60);
        b.append('.');
        int milli = msOfDay % 1000;
        b.append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10)).append((char) ('0' + milli % 10));
    }

    private static void two(StringBuilder b, int v) {
        b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /** Money with two decimals from whole cents, e.g. {@code 12500.00}. */
    static String money(long cents) {
        StringBuilder b = new StringBuilder(16);
        b.append(cents / 100).append('.');
        long c = Math.abs(cents % 100);
        return b.append((char) ('0' + c / 10)).append((char) ('0' + c % 10)).toString();
    }
}
