package dev.revlake.bronze.parse;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Truncates client IP addresses before they reach the lake: an IPv4 address keeps its /24 network
 * ({@code 203.0.113.77} → {@code 203.0.113.0}), an IPv6 address its /48 ({@code 2001:db8:7:1::5} →
 * {@code 2001:db8:7::}). That is enough for country/company look-ups and no longer identifies a
 * household, so the full address is never stored in bronze or anything built from it.
 */
final class IpAddresses {

    /** IPv4 bits kept. */
    static final int IPV4_PREFIX_BITS = 24;
    /** IPv6 bits kept. */
    static final int IPV6_PREFIX_BITS = 48;

    private IpAddresses() {
    }

    /**
     * The truncated form of a literal IPv4 or IPv6 address, or {@code null} when {@code text} is not
     * one. Never resolves host names: only digits, hex digits, dots and colons are accepted.
     */
    static String truncate(String text) {
        int n = text.length();
        if (n == 0 || n > 45) {
            return null;
        }
        boolean colon = false;
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            boolean hex = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
            if (ch == ':') {
                colon = true;
            } else if (!hex && ch != '.') {
                return null; // zone ids, brackets, ports, host names
            }
        }
        byte[] bytes = colon ? ipv6(text) : ipv4(text);
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 4) {
            mask(bytes, IPV4_PREFIX_BITS);
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
        }
        StringBuilder out = new StringBuilder();
        for (int group = 0; group < IPV6_PREFIX_BITS / 16; group++) {
            int value = ((bytes[2 * group] & 0xFF) << 8) | (bytes[2 * group + 1] & 0xFF);
            out.append(Integer.toHexString(value)).append(':');
        }
        return out.append(':').toString();
    }

    /** Zeroes every bit after the first {@code prefixBits}. */
    private static void mask(byte[] bytes, int prefixBits) {
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixBits - 8 * i));
            bytes[i] &= (byte) (0xFF00 >> keep);
        }
    }

    /** Four decimal octets 0..255 without leading zeros (which some parsers read as octal). */
    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                char ch = p.charAt(k);
                if (ch < '0' || ch > '9') {
                    return null;
                }
                v = v * 10 + (ch - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** A literal IPv6 address (an IPv4-mapped one comes back as its IPv4 bytes). */
    private static byte[] ipv6(String text) {
        try {
            // Only [0-9a-fA-F.:] reach here, so this parses a literal and never looks up DNS.
            InetAddress address = InetAddress.getByName(text);
            byte[] bytes = address.getAddress();
            return address instanceof Inet4Address || bytes.length == 16 ? bytes : null;
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }
}
