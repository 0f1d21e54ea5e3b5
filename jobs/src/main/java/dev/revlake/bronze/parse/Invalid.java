package dev.revlake.bronze.parse;

/**
 * A value or record that breaks the contract; the message is the quarantine reason. Stackless:
 * bad records are expected input, not bugs, and must stay cheap.
 */
final class Invalid extends Exception {

    private static final long serialVersionUID = 1L;

    Invalid(String reason) {
        super(reason, null, false, false);
    }
}
