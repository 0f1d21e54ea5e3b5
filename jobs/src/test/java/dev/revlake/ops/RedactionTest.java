package dev.revlake.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void constraintViolationsKeepTheConstraintButNotTheRow() {
        String delta = "[DELTA_VIOLATE_CONSTRAINT_WITH_VALUES] CHECK constraint email_present (email IS NOT NULL AND"
                + " length(email) > 3) violated by row with values:\n - email : bob@example.com\n - contact_id : C-1";
        assertThat(Redaction.message(delta)).isEqualTo("[DELTA_VIOLATE_CONSTRAINT_WITH_VALUES] CHECK constraint"
                + " email_present (email IS NOT NULL AND length(email) > 3) violated by row with values (value withheld)");
    }

    @Test
    void castErrorsKeepTheTypesButNotTheValue() {
        String spark = "[CAST_INVALID_INPUT] The value 'bob@example.com' of the type \"STRING\" cannot be cast to"
                + " \"INT\" because it is malformed.";
        assertThat(Redaction.message(spark)).isEqualTo("[CAST_INVALID_INPUT] The value (value withheld) of the type"
                + " \"STRING\" cannot be cast to \"INT\" because it is malformed.");
        assertThat(Redaction.message("the value \"it's \\\"quoted\\\"\" is bad")).isEqualTo(
                "the value (value withheld) is bad");
    }

    @Test
    void otherMessagesAreUnchanged() {
        assertThat(Redaction.message("Table gold_lead_scores does not exist")).isEqualTo(
                "Table gold_lead_scores does not exist");
        assertThat(Redaction.message(null)).isNull();
    }
}
