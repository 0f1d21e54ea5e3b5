package dev.revlake.bronze.parse;

import java.util.Locale;

/**
 * The e-mail rule bronze validates EMAIL fields with, and the normal form silver stores (trimmed,
 * lower case), in one place so that anything looking a person up by e-mail (the erasure) agrees
 * with what ingestion accepted.
 */
public final class EmailAddress {

    private EmailAddress() {
    }

    /**
     * Whether {@code v[s, e)} (already trimmed) is {@code local@domain.tld}: one {@code @}, no
     * spaces, angle brackets, commas or semicolons, a dot in the domain and no empty domain label.
     */
    static boolean isValid(String v, int s, int e) {
        int at = -1;
        int lastDot = -1;
        for (int i = s; i < e; i++) {
            char ch = v.charAt(i);
            if (ch <= ' ' || ch == '<' || ch == '>' || ch == ',' || ch == ';') {
                return false;
            }
            if (ch == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (ch == '.' && at >= 0) {
                if (lastDot == i - 1 || i == at + 1) {
                    return false; // empty domain label
                }
                lastDot = i;
            }
        }
        return at > s && lastDot >= 0 && lastDot != e - 1;
    }

    /**
     * The normal form of an address bronze would accept: trimmed and lower-cased, as
     * {@code SilverColumns.normalizedEmail} stores it.
     *
     * @throws IllegalArgumentException for an address bronze would quarantine (the message does not
     *                                  repeat it: it is personal data)
     */
    public static String normalize(String address) {
        String t = address == null ? "" : address.trim(); // trim(): the characters <= space bronze trims
        if (t.isEmpty() || !isValid(t, 0, t.length())) {
            throw new IllegalArgumentException("Invalid e-mail address (expected local@domain.tld)");
        }
        return t.toLowerCase(Locale.ROOT);
    }
}
