package dev.revlake.bronze.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revlake.bronze.parse.FieldConverter.Column;
import dev.revlake.raw.FieldType;
import dev.revlake.raw.RawField;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Conversions no source exercises through a file yet (e.g. MONEY and LONG from JSON). */
class ValueParseTest {

    private final FieldConverter converter = new FieldConverter(LocalDate.of(2026, 11, 20));
    private final Column money = Column.of(RawField.required("amount", FieldType.MONEY));
    private final Column count = Column.of(RawField.required("n", FieldType.LONG));

    @Test
    void jsonMoneyNumbers() throws Invalid {
        assertThat(converter.convert(money, "12", ValueKind.JSON_NUMBER)).isEqualTo(new BigDecimal("12.00"));
        assertThat(converter.convert(money, "12.5", ValueKind.JSON_STRING)).isEqualTo(new BigDecimal("12.50"));
        assertThatThrownBy(() -> converter.convert(money, "1.2E3", ValueKind.JSON_NUMBER))
                .hasMessage("field \"amount\": expected a money amount, got \"1.2E3\"");
        assertThatThrownBy(() -> converter.convert(money, "12345678901234567", ValueKind.JSON_NUMBER))
                .hasMessage("field \"amount\": money amount does not fit DECIMAL(18,2), got \"12345678901234567\"");
        assertThatThrownBy(() -> converter.convert(money, "true", ValueKind.JSON_BOOLEAN))
                .hasMessage("field \"amount\": expected a money amount, got a boolean");
    }

    @Test
    void jsonBooleansAcceptStringsButNotNumbers() throws Invalid {
        Column flag = Column.of(RawField.required("flag", FieldType.BOOLEAN));
        assertThat(converter.convert(flag, "true", ValueKind.JSON_BOOLEAN)).isEqualTo(true);
        assertThat(converter.convert(flag, "false", ValueKind.JSON_STRING)).isEqualTo(false);
        assertThatThrownBy(() -> converter.convert(flag, "1", ValueKind.JSON_NUMBER))
                .hasMessage("field \"flag\": expected true or false, got a number");
        assertThatThrownBy(() -> converter.convert(flag, "TRUE", ValueKind.CSV_PLAIN))
                .hasMessage("field \"flag\": expected true, false, 1 or 0, got \"TRUE\"");
        assertThatThrownBy(() -> converter.convert(flag, "1", ValueKind.JSON_STRING))
                .hasMessage("field \"flag\": expected true or false, got \"1\"");
    }

    @Test
    void timestampsUseIsoSpellingOnly() throws Invalid {
        Column at = Column.of(RawField.required("at", FieldType.TIMESTAMP));
        assertThat(converter.convert(at, " 2026-01-30T14:05:00.000+0000 ", ValueKind.CSV_PLAIN))
                .isEqualTo(java.time.Instant.parse("2026-01-30T14:05:00Z"));
        assertThatThrownBy(() -> converter.convert(at, "2026-01-30 14:05:00Z", ValueKind.CSV_PLAIN))
                .hasMessage("field \"at\": expected an ISO-8601 timestamp, got \"2026-01-30 14:05:00Z\"");
        assertThatThrownBy(() -> converter.convert(at, "1769781900", ValueKind.JSON_NUMBER))
                .hasMessage("field \"at\": expected an ISO-8601 timestamp, got a number");
    }

    @Test
    void longOverflow() throws Invalid {
        assertThat(converter.convert(count, "-9223372036854775808", ValueKind.JSON_NUMBER)).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> converter.convert(count, "9223372036854775808", ValueKind.JSON_NUMBER))
                .hasMessage("field \"n\": does not fit in a 64-bit whole number, got \"9223372036854775808\"");
    }
}
