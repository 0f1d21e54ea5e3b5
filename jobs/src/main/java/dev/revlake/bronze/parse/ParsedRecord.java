package dev.revlake.bronze.parse;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome for one record of a raw file: typed values, or a quarantine entry.
 */
public sealed interface ParsedRecord extends Serializable permits ParsedRecord.Good, ParsedRecord.Bad {

    /** 1-based physical line where the record starts (a CSV header is line 1). */
    long line();

    /**
     * A record that satisfies the contract.
     *
     * @param line            1-based physical line where the record starts
     * @param values          one value per {@code Source.fields()} entry, in that order; {@code null} when
     *                        an optional field is absent. String (STRING, EMAIL), Instant (TIMESTAMP, UTC),
     *                        LocalDate (DATE), Long, Integer, BigDecimal with scale 2 (MONEY), Boolean
     * @param extraFieldsJson fields the contract does not know (schema drift) as a compact JSON object
     *                        with sorted keys, or {@code null} when there are none
     */
    record Good(long line, Object[] values, String extraFieldsJson) implements ParsedRecord {

        /** Value semantics for the array too (records compare arrays by identity). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Good g && line == g.line && Arrays.equals(values, g.values)
                    && Objects.equals(extraFieldsJson, g.extraFieldsJson);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(line) + Arrays.hashCode(values);
        }

        /** Never prints values: they are personal data and toString ends up in logs. */
        @Override
        public String toString() {
            return "Good[line=" + line + ", values=" + values.length + (extraFieldsJson == null ? "" : ", extra fields")
                    + "]";
        }
    }

    /**
     * A record that goes to quarantine.
     *
     * @param line    1-based physical line where the record starts
     * @param rawText the record exactly as delivered (invalid UTF-8 replaced by U+FFFD), capped at
     *                64 KiB with a {@code …[truncated N chars]} marker
     * @param reason  why it was rejected, for a person; never contains free-text or e-mail values
     */
    record Bad(long line, String rawText, String reason) implements ParsedRecord {

        /** Never prints the raw text: it is personal data and toString ends up in logs. */
        @Override
        public String toString() {
            return "Bad[line=" + line + ", reason=" + reason + ", rawText=" + rawText.length() + " chars]";
        }
    }
}
