package dev.revlake.bronze.parse;

/** Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF). */
final class Utf8 {

    private Utf8() {
    }

    /** Index of the first byte of the first invalid sequence in {@code [from, to)}, or -1. */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                if (c == 0xE0) {
                    lo = 0xA0; // overlong
                } else if (c == 0xED) {
                    hi = 0x9F; // UTF-16 surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                if (c == 0xF0) {
                    lo = 0x90; // overlong
                } else if (c == 0xF4) {
                    hi = 0x8F; // above U+10FFFF
                }
            } else {
                return i;
            }
            if (i + need >= to) { // sequence cut short by the end of the record
                return i;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return i;
            }
            for (int k = 2; k <= need; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += need + 1;
        }
        return -1;
    }
}
