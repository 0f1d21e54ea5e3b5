package dev.revlake.bronze.parse;

import java.util.function.Consumer;

/** Splits one file format into records and hands each outcome to a sink, in file order. */
interface ParseFormat {

    /**
     * Parses {@code content} from {@code from} (just past any byte-order mark) to its end.
     * Never throws on bad content.
     */
    void parse(byte[] content, int from, Consumer<ParsedRecord> sink);

    /** Size cap of one record, in bytes (terminator excluded). */
    int MAX_RECORD_BYTES = 1024 * 1024;

    static String tooLong(int bytes) {
        return "record is " + bytes + " bytes long (limit " + MAX_RECORD_BYTES + ")";
    }

    /**
     * Reason for a record that tripped a bug in this package. Quarantining the record (visibly) beats
     * failing the Spark task for the whole file; the exception class says where to look.
     */
    static String internalError(RuntimeException e) {
        return "internal parser error (" + e.getClass().getSimpleName() + "); please report";
    }

    static String invalidUtf8(int offset) {
        return "invalid UTF-8 byte sequence at byte offset " + offset;
    }

    /** True when {@code [from, to)} holds only spaces, tabs and carriage returns. */
    static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}
