package dev.revlake.bronze.parse;

import static dev.revlake.bronze.parse.ParseTestSupport.bad;
import static dev.revlake.bronze.parse.ParseTestSupport.good;
import static dev.revlake.bronze.parse.ParseTestSupport.parse;
import static dev.revlake.bronze.parse.ParseTestSupport.reasonOf;
import static dev.revlake.bronze.parse.ParseTestSupport.value;
import static dev.revlake.raw.Source.CRM_ACTIVITIES;
import static dev.revlake.raw.Source.CRM_OPPORTUNITIES;
import static dev.revlake.raw.Source.WEBINAR_ATTENDANCE;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema-drift rules of docs/raw-contract.md, one test per rule. */
class SchemaDriftTest {

    private static String webinar(String extra) {
        return "{\"event_id\":\"w1\",\"event_type\":\"attended\",\"occurred_at\":\"2026-11-20T10:00:00Z\","
                + "\"webinar_id\":\"wb1\",\"email\":\"a@b.example\"" + extra + "}\n";
    }

    @Test
    void newFieldIsKeptInExtraFieldsAndTheRecordLands() {
        ParsedRecord.Good g = good(parse(WEBINAR_ATTENDANCE, webinar(",\"zoom_room\":\"R 1\",\"score\":4.5")).get(0));
        assertThat(g.extraFieldsJson()).isEqualTo("{\"score\":4.5,\"zoom_room\":\"R 1\"}");

        ParsedRecord.Good row = good(parse(CRM_ACTIVITIES, "activity_id,activity_type,occurred_at,owner_id,region\n"
                + "a1,call,2026-11-20T10:00:00Z,u1,emea\n").get(0));
        assertThat(row.extraFieldsJson()).isEqualTo("{\"region\":\"emea\"}");
    }

    @Test
    void newFieldsAreReportedOncePerFile() {
        String content = webinar(",\"zoom_room\":\"R1\"") + webinar(",\"zoom_room\":\"R2\",\"score\":1")
                + webinar(",\"zoom_room\":\"R3\"");
        List<String> extras = new RawFileParser(WEBINAR_ATTENDANCE, ParseTestSupport.DELIVERY)
                .parse(content.getBytes(java.nio.charset.StandardCharsets.UTF_8), r -> { });
        assertThat(extras).containsExactly("score", "zoom_room");
    }

    @Test
    void removedOptionalFieldLandsAsNull() {
        ParsedRecord.Good json = good(parse(WEBINAR_ATTENDANCE, webinar("")).get(0));
        assertThat(value(WEBINAR_ATTENDANCE, json, "minutes_attended")).isNull();
        // CSV header without the optional columns at all.
        ParsedRecord.Good csv = good(parse(CRM_ACTIVITIES, "activity_id,activity_type,occurred_at,owner_id\n"
                + "a1,call,2026-11-20T10:00:00Z,u1\n").get(0));
        assertThat(value(CRM_ACTIVITIES, csv, "duration_minutes")).isNull();
        assertThat(value(CRM_ACTIVITIES, csv, "subject")).isNull();
    }

    @Test
    void removedRequiredFieldQuarantinesWithItsName() {
        assertThat(reasonOf(WEBINAR_ATTENDANCE, webinar("").replace(",\"webinar_id\":\"wb1\"", "")))
                .isEqualTo("missing required field \"webinar_id\"");
        // A CSV header without a required column: every record of the file, per record, same reason.
        List<ParsedRecord> out = parse(CRM_ACTIVITIES, "activity_id,activity_type,occurred_at\n"
                + "a1,call,2026-11-20T10:00:00Z\na2,meeting,2026-11-20T11:00:00Z\n");
        assertThat(out).hasSize(2).allSatisfy(r -> assertThat(bad(r).reason())
                .isEqualTo("file header lacks required column \"owner_id\""));
    }

    @Test
    void widenedTypesAreAcceptedWhenLosslessAndQuarantinedOtherwise() {
        // INT as a decimal with a zero fraction: lossless.
        assertThat(value(WEBINAR_ATTENDANCE, good(parse(WEBINAR_ATTENDANCE,
                webinar(",\"minutes_attended\":12.0")).get(0)), "minutes_attended")).isEqualTo(12);
        assertThat(reasonOf(WEBINAR_ATTENDANCE, webinar(",\"minutes_attended\":12.5")))
                .isEqualTo("field \"minutes_attended\": expected a whole number, got \"12.5\"");
        assertThat(reasonOf(WEBINAR_ATTENDANCE, webinar(",\"minutes_attended\":3000000000")))
                .isEqualTo("field \"minutes_attended\": does not fit in a 32-bit whole number, got \"3000000000\"");
        assertThat(reasonOf(WEBINAR_ATTENDANCE, webinar(",\"minutes_attended\":1e3")))
                .isEqualTo("field \"minutes_attended\": expected a whole number, got \"1e3\"");

        // MONEY with more decimals than the table's scale: only trailing zeros are lossless.
        ParsedRecord.Good g = good(parse(CRM_OPPORTUNITIES, CsvParseTest.OPP_HEADER
                + CsvParseTest.opp("1200.500", "2027-03-31")).get(0));
        assertThat(value(CRM_OPPORTUNITIES, g, "amount_usd")).isEqualTo(new BigDecimal("1200.50"));
        assertThat(reasonOf(CRM_OPPORTUNITIES, CsvParseTest.OPP_HEADER + CsvParseTest.opp("1200.505", "2027-03-31")))
                .isEqualTo("field \"amount_usd\": more than 2 decimals, got \"1200.505\"");

        // DATE as a timestamp: only midnight UTC is lossless.
        g = good(parse(CRM_OPPORTUNITIES, CsvParseTest.OPP_HEADER
                + CsvParseTest.opp("1", "2027-03-31T00:00:00Z")).get(0));
        assertThat(value(CRM_OPPORTUNITIES, g, "close_date")).isEqualTo(LocalDate.of(2027, 3, 31));
        assertThat(reasonOf(CRM_OPPORTUNITIES, CsvParseTest.OPP_HEADER + CsvParseTest.opp("1", "2027-03-31T14:00:00Z")))
                .isEqualTo("field \"close_date\": expected a date YYYY-MM-DD, got \"2027-03-31T14:00:00Z\"");
        assertThat(reasonOf(CRM_OPPORTUNITIES, CsvParseTest.OPP_HEADER
                + CsvParseTest.opp("1", "2027-03-31T00:00:00+02:00")))
                .isEqualTo("field \"close_date\": expected a date YYYY-MM-DD, got \"2027-03-31T00:00:00+02:00\"");
    }

    @Test
    void reorderedCsvColumnsAreMatchedByHeaderName() {
        ParsedRecord.Good g = good(parse(CRM_ACTIVITIES, "owner_id,duration_minutes,activity_id,occurred_at,activity_type\n"
                + "u1,15,a1,2026-11-20T10:00:00Z,call\n").get(0));
        assertThat(value(CRM_ACTIVITIES, g, "activity_id")).isEqualTo("a1");
        assertThat(value(CRM_ACTIVITIES, g, "owner_id")).isEqualTo("u1");
        assertThat(value(CRM_ACTIVITIES, g, "duration_minutes")).isEqualTo(15);
        assertThat(value(CRM_ACTIVITIES, g, "activity_type")).isEqualTo("call");
    }
}
