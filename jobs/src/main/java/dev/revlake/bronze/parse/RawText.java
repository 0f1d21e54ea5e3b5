package dev.revlake.bronze.parse;

import java.nio.charset.StandardCharsets;

/** Builds the {@code rawText} of a quarantined record: exact text, capped so one record stays small. */
final class RawText {

    /** Cap on the kept text, in chars. */
    static final int MAX_CHARS = 64 * 1024;

    private RawText() {
    }

    /** Decodes {@code [from, to)} (malformed UTF-8 becomes U+FFFD) and caps it. */
    static String of(byte[] b, int from, int to) {
        int len = to - from;
        if (len <= MAX_CHARS) {
            return new String(b, from, len, StandardCharsets.UTF_8); // <= 64 KiB bytes is <= 64 Ki chars
        }
        if (len > 4 * MAX_CHARS) {
            // Decoding a multi-megabyte record only to drop most of it wastes memory: cut by bytes,
            // at a character boundary, and say so in the marker.
            int end = from + MAX_CHARS;
            while (end > from && (b[end] & 0xC0) == 0x80) {
                end--;
            }
            return new String(b, from, end - from, StandardCharsets.UTF_8)
                    + "…[truncated " + (to - end) + " bytes]";
        }
        return cap(new String(b, from, len, StandardCharsets.UTF_8));
    }

    static String cap(String s) {
        if (s.length() <= MAX_CHARS) {
            return s;
        }
        int end = MAX_CHARS;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return s.substring(0, end) + "…[truncated " + (s.length() - end) + " chars]";
    }
}
