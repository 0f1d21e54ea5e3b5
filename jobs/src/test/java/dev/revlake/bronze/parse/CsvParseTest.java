package dev.revlake.bronze.parse;

import static dev.revlake.bronze.parse.ParseTestSupport.bad;
import static dev.revlake.bronze.parse.ParseTestSupport.good;
import static dev.revlake.bronze.parse.ParseTestSupport.parse;
import static dev.revlake.bronze.parse.ParseTestSupport.reasonOf;
import static dev.revlake.bronze.parse.ParseTestSupport.value;
import static dev.revlake.raw.Source.CRM_ACTIVITIES;
import static dev.revlake.raw.Source.CRM_OPPORTUNITIES;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParseTest {

    static final String ACT_HEADER =
            "activity_id,activity_type,occurred_at,owner_id,contact_id,account_id,opportunity_id,duration_minutes,outcome,subject\n";
    static final String ACT_ROW = "a1,call,2026-11-20T10:00:00Z,u1,,,,15,connected,Intro\n";

    static final String OPP_HEADER = "snapshot_date,opportunity_id,account_id,contact_id,opportunity_name,owner_id,"
            + "stage,amount_usd,close_date,probability_percent,lead_source,created_at,stage_changed_at,closed_at,"
            + "is_closed,is_won\n";

    static String opp(String amount, String closeDate) {
        return "2026-11-20,o1,a1,,\"Big, \"\"new\"\" deal\",u1,proposal," + amount + "," + closeDate
                + ",40,web,2026-01-05T09:00:00Z,,,false,0\n";
    }

    @Test
    void goodRowIsTyped() {
        ParsedRecord.Good g = good(parse(CRM_OPPORTUNITIES, OPP_HEADER + opp("1200.5", "2027-03-31")).get(0));
        assertThat(g.line()).isEqualTo(2);
        assertThat(value(CRM_OPPORTUNITIES, g, "amount_usd")).isEqualTo(new BigDecimal("1200.50"));
        assertThat(((BigDecimal) value(CRM_OPPORTUNITIES, g, "amount_usd")).scale()).isEqualTo(2);
        assertThat(value(CRM_OPPORTUNITIES, g, "opportunity_name")).isEqualTo("Big, \"new\" deal");
        assertThat(value(CRM_OPPORTUNITIES, g, "close_date")).isEqualTo(LocalDate.of(2027, 3, 31));
        assertThat(value(CRM_OPPORTUNITIES, g, "contact_id")).isNull();
        assertThat(value(CRM_OPPORTUNITIES, g, "is_closed")).isEqualTo(false);
        assertThat(value(CRM_OPPORTUNITIES, g, "is_won")).isEqualTo(false);
        assertThat(value(CRM_OPPORTUNITIES, g, "probability_percent")).isEqualTo(40);
    }

    @Test
    void moneyRules() {
        assertThat(reasonOf(CRM_OPPORTUNITIES, OPP_HEADER + opp("1.005", "2027-03-31")))
                .isEqualTo("field \"amount_usd\": more than 2 decimals, got \"1.005\"");
        assertThat(reasonOf(CRM_OPPORTUNITIES, OPP_HEADER + opp("-5.00", "2027-03-31")))
                .isEqualTo("field \"amount_usd\": must not be negative, got \"-5.00\"");
        assertThat(reasonOf(CRM_OPPORTUNITIES, OPP_HEADER + opp("abc", "2027-03-31")))
                .isEqualTo("field \"amount_usd\": expected a money amount, got \"abc\"");
        assertThat(reasonOf(CRM_OPPORTUNITIES, OPP_HEADER + opp("1e3", "2027-03-31")))
                .isEqualTo("field \"amount_usd\": expected a money amount, got \"1e3\"");
    }

    @Test
    void datesOutOfRangeAreBad() {
        assertThat(reasonOf(CRM_OPPORTUNITIES, OPP_HEADER + opp("1", "1999-12-31")))
                .isEqualTo("field \"close_date\": \"1999-12-31\" is out of range (2000-01-01 .. 2036-11-27)");
        assertThat(reasonOf(CRM_OPPORTUNITIES, OPP_HEADER + opp("1", "2036-11-28")))
                .endsWith("is out of range (2000-01-01 .. 2036-11-27)");
        good(parse(CRM_OPPORTUNITIES, OPP_HEADER + opp("1", "2036-11-27")).get(0));
        assertThat(reasonOf(CRM_OPPORTUNITIES, OPP_HEADER + opp("1", "31/03/2027")))
                .isEqualTo("field \"close_date\": expected a date YYYY-MM-DD, got \"31/03/2027\"");
    }

    @Test
    void booleansAcceptOneAndZero() {
        String row = opp("1", "2027-03-31").replace("false,0", "1,true");
        ParsedRecord.Good g = good(parse(CRM_OPPORTUNITIES, OPP_HEADER + row).get(0));
        assertThat(value(CRM_OPPORTUNITIES, g, "is_closed")).isEqualTo(true);
        assertThat(reasonOf(CRM_OPPORTUNITIES, OPP_HEADER + opp("1", "2027-03-31").replace("false,0", "yes,0")))
                .isEqualTo("field \"is_closed\": expected true, false, 1 or 0, got \"yes\"");
    }

    @Test
    void quotedFieldsMaySpanLinesAndLineNumbersFollowPhysicalLines() {
        String csv = ACT_HEADER
                + "a1,call,2026-11-20T10:00:00Z,u1,,,,15,connected,\"first\nsecond\r\nthird\"\n"
                + "a2,meeting,2026-11-20T11:00:00Z,u1,,,,30,,\"say \"\"hi\"\", then go\"\n"
                + ACT_ROW;
        List<ParsedRecord> r = parse(CRM_ACTIVITIES, csv);
        assertThat(r).extracting(ParsedRecord::line).containsExactly(2L, 5L, 6L);
        assertThat(value(CRM_ACTIVITIES, good(r.get(0)), "subject")).isEqualTo("first\nsecond\r\nthird");
        assertThat(value(CRM_ACTIVITIES, good(r.get(1)), "subject")).isEqualTo("say \"hi\", then go");
        good(r.get(2));
    }

    @Test
    void controlCharacterOutsideQuotesIsBad() {
        assertThat(reasonOf(CRM_ACTIVITIES, ACT_HEADER + ACT_ROW.replace("Intro", "In\u0001tro")))
                .isEqualTo("field \"subject\" contains control character U+0001");
    }

    @Test
    void wrongFieldCountIsBad() {
        List<ParsedRecord> r = parse(CRM_ACTIVITIES, ACT_HEADER + ACT_ROW.replace("Intro", "Intro,extra") + ACT_ROW);
        assertThat(bad(r.get(0)).reason()).isEqualTo("record has 11 fields, header has 10");
        assertThat(bad(r.get(0)).rawText()).isEqualTo(ACT_ROW.replace("Intro", "Intro,extra").strip());
        good(r.get(1));
    }

    @Test
    void headerMissingRequiredColumnMakesEveryRecordBad() {
        String header = ACT_HEADER.replace("owner_id,", "");
        String row = ACT_ROW.replace("u1,", "");
        List<ParsedRecord> r = parse(CRM_ACTIVITIES, header + row + row);
        assertThat(r).hasSize(2).allSatisfy(x ->
                assertThat(bad(x).reason()).isEqualTo("file header lacks required column \"owner_id\""));
    }

    @Test
    void headerMissingOptionalColumnGivesNull() {
        String header = ACT_HEADER.replace(",subject", "");
        String row = ACT_ROW.replace(",Intro", "");
        assertThat(value(CRM_ACTIVITIES, good(parse(CRM_ACTIVITIES, header + row).get(0)), "subject")).isNull();
    }

    @Test
    void reorderedAndExtraColumnsAreMatchedByName() {
        String csv = " subject , activity_id,activity_type,occurred_at,owner_id,new_col,duration_minutes\n"
                + "Intro,a1,call,2026-11-20T10:00:00Z,u1,\"x,y\",15\n"
                + "Intro,a2,call,2026-11-20T10:00:00Z,u1,,15\n";
        List<ParsedRecord> r = parse(CRM_ACTIVITIES, csv);
        ParsedRecord.Good g = good(r.get(0));
        assertThat(value(CRM_ACTIVITIES, g, "subject")).isEqualTo("Intro");
        assertThat(value(CRM_ACTIVITIES, g, "duration_minutes")).isEqualTo(15);
        assertThat(g.extraFieldsJson()).isEqualTo("{\"new_col\":\"x,y\"}");
        assertThat(good(r.get(1)).extraFieldsJson()).isNull();
    }

    @Test
    void emptyAndHeaderOnlyFilesHaveNoRecords() {
        assertThat(parse(CRM_ACTIVITIES, "")).isEmpty();
        assertThat(parse(CRM_ACTIVITIES, ACT_HEADER)).isEmpty();
        assertThat(parse(CRM_ACTIVITIES, ACT_HEADER.strip())).isEmpty();
    }

    @Test
    void blankLinesBomAndCrlf() {
        String csv = "\uFEFF" + ACT_HEADER.replace("\n", "\r\n") + "\r\n" + ACT_ROW.replace("\n", "\r\n") + "  \r\n";
        List<ParsedRecord> r = parse(CRM_ACTIVITIES, csv);
        assertThat(r).extracting(ParsedRecord::line).containsExactly(2L, 3L, 4L);
        assertThat(bad(r.get(0)).reason()).isEqualTo("blank line");
        assertThat(value(CRM_ACTIVITIES, good(r.get(1)), "subject")).isEqualTo("Intro");
        assertThat(bad(r.get(2)).reason()).isEqualTo("blank line");
    }

    @Test
    void unterminatedQuoteAtEndOfFileIsBad() {
        List<ParsedRecord> r = parse(CRM_ACTIVITIES, ACT_HEADER + ACT_ROW + "a3,call,2026-11-20T10:00:00Z,u1,,,,1,,\"open\nmore");
        assertThat(r).hasSize(2);
        good(r.get(0));
        assertThat(bad(r.get(1)).reason()).isEqualTo("malformed CSV: unterminated quoted field 10");
        assertThat(r.get(1).line()).isEqualTo(3);
    }

    @Test
    void strayQuotesAreBad() {
        assertThat(reasonOf(CRM_ACTIVITIES, ACT_HEADER + ACT_ROW.replace("Intro", "5\" screen")))
                .isEqualTo("malformed CSV: quote inside unquoted field 10");
        assertThat(reasonOf(CRM_ACTIVITIES, ACT_HEADER + ACT_ROW.replace("Intro", "\"Intro\"x")))
                .isEqualTo("malformed CSV: unexpected character after the closing quote of field 10");
    }

    @Test
    void invalidUtf8InARecordSpoilsOnlyThatRecord() {
        String before = "a2,call,2026-11-20T10:00:00Z,u1,,,,1,,";
        byte[] head = (ACT_HEADER + ACT_ROW + before).getBytes();
        byte[] tail = ("\n" + ACT_ROW).getBytes();
        byte[] content = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, content, 0, head.length);
        content[head.length] = (byte) 0xFF;
        System.arraycopy(tail, 0, content, head.length + 1, tail.length);
        List<ParsedRecord> r = parse(CRM_ACTIVITIES, content);
        assertThat(r).hasSize(3);
        assertThat(bad(r.get(1)).reason()).isEqualTo("invalid UTF-8 byte sequence at byte offset " + before.length());
        good(r.get(2));
    }

    @Test
    void overlongRecordIsBad() {
        String row = ACT_ROW.replace("Intro", "\"" + "x,".repeat(600_000) + "\"");
        List<ParsedRecord> r = parse(CRM_ACTIVITIES, ACT_HEADER + row + ACT_ROW);
        assertThat(bad(r.get(0)).reason()).isEqualTo("record is " + (row.length() - 1) + " bytes long (limit 1048576)");
        good(r.get(1));
    }
}
