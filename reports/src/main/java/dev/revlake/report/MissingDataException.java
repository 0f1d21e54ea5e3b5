package dev.revlake.report;

/**
 * The lake does not hold what a report needs yet, for example no forecast before the first
 * training. The message says which table is missing and which command writes it; the HTML report
 * prints it in place of the section.
 */
public final class MissingDataException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** A missing-data failure with the message people read. */
    public MissingDataException(String message) {
        super(message);
    }
}
