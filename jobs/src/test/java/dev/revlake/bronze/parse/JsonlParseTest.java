package dev.revlake.bronze.parse;

import static dev.revlake.bronze.parse.ParseTestSupport.bad;
import static dev.revlake.bronze.parse.ParseTestSupport.good;
import static dev.revlake.bronze.parse.ParseTestSupport.parse;
import static dev.revlake.bronze.parse.ParseTestSupport.reasonOf;
import static dev.revlake.bronze.parse.ParseTestSupport.value;
import static dev.revlake.raw.Source.EMAIL_EVENTS;
import static dev.revlake.raw.Source.WEBINAR_ATTENDANCE;
import static dev.revlake.raw.Source.WEB_PAGEVIEWS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlParseTest {

    /** A valid email_events line; {@code extra} is spliced in before the closing brace. */
    static String email(String extra) {
        return "{\"event_id\":\"e1\",\"event_type\":\"open\",\"occurred_at\":\"2026-11-20T10:00:00Z\","
                + "\"email\":\" Ann@Example.com \",\"campaign_id\":\"c1\",\"message_id\":\"m1\"" + extra + "}";
    }

    static String webinar(String minutes) {
        return "{\"event_id\":\"w1\",\"event_type\":\"attended\",\"occurred_at\":\"2026-11-20T10:00:00Z\","
                + "\"webinar_id\":\"wb\",\"email\":\"a@b.io\",\"minutes_attended\":" + minutes + "}";
    }

    @Test
    void goodRecordIsTypedAndKeepsEmailAsDelivered() {
        ParsedRecord.Good g = good(parse(EMAIL_EVENTS, email("") + "\n").get(0));
        assertThat(g.line()).isEqualTo(1);
        assertThat(value(EMAIL_EVENTS, g, "occurred_at")).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(value(EMAIL_EVENTS, g, "email")).isEqualTo(" Ann@Example.com ");
        assertThat(value(EMAIL_EVENTS, g, "url")).isNull();
        assertThat(g.extraFieldsJson()).isNull();
    }

    @Test
    void extraKeysAreKeptSortedAndCompact() {
        ParsedRecord.Good g = good(parse(EMAIL_EVENTS, email(",\"z_new\":{\"a\": [1, 2]},\"ip_country\":\"DE\"")).get(0));
        assertThat(g.extraFieldsJson()).isEqualTo("{\"ip_country\":\"DE\",\"z_new\":{\"a\":[1,2]}}");
    }

    @Test
    void malformedAndTruncatedJsonDoNotLeakContent() {
        assertThat(reasonOf(EMAIL_EVENTS, "{\"event_id\": secret}"))
                .startsWith("malformed JSON: ").doesNotContain("secret");
        assertThat(reasonOf(EMAIL_EVENTS, email("").substring(0, 40)))
                .isEqualTo("malformed JSON: unexpected end of line (truncated record?)");
        assertThat(reasonOf(EMAIL_EVENTS, email("") + " {}"))
                .isEqualTo("malformed JSON: unexpected content after the object");
    }

    @Test
    void nonObjectLineIsBad() {
        assertThat(reasonOf(EMAIL_EVENTS, "[1,2]")).isEqualTo("not a JSON object (got an array)");
        assertThat(reasonOf(EMAIL_EVENTS, "\"x\"")).isEqualTo("not a JSON object (got a string)");
    }

    @Test
    void wrongTypesAreBad() {
        assertThat(reasonOf(EMAIL_EVENTS, email(",\"url\":{\"a\":1}")))
                .isEqualTo("field \"url\": expected a string, got an object");
        assertThat(reasonOf(EMAIL_EVENTS, email(",\"url\":12")))
                .isEqualTo("field \"url\": expected a string, got a number");
        assertThat(reasonOf(WEBINAR_ATTENDANCE, webinar("[1]")))
                .isEqualTo("field \"minutes_attended\": expected a whole number, got an array");
        assertThat(reasonOf(WEBINAR_ATTENDANCE, webinar("\"abc\"")))
                .isEqualTo("field \"minutes_attended\": expected a whole number, got \"abc\"");
        assertThat(reasonOf(WEBINAR_ATTENDANCE, webinar("12.5")))
                .isEqualTo("field \"minutes_attended\": expected a whole number, got \"12.5\"");
    }

    @Test
    void numericStringsAndNullsAreAccepted() {
        ParsedRecord.Good g = good(parse(WEBINAR_ATTENDANCE, webinar("\"12\"")).get(0));
        assertThat(value(WEBINAR_ATTENDANCE, g, "minutes_attended")).isEqualTo(12);
        g = good(parse(WEBINAR_ATTENDANCE, webinar("null")).get(0));
        assertThat(value(WEBINAR_ATTENDANCE, g, "minutes_attended")).isNull();
    }

    @Test
    void intOverflowAndNegativeAreBad() {
        assertThat(reasonOf(WEBINAR_ATTENDANCE, webinar("2147483648")))
                .isEqualTo("field \"minutes_attended\": does not fit in a 32-bit whole number, got \"2147483648\"");
        assertThat(reasonOf(WEBINAR_ATTENDANCE, webinar("-1")))
                .isEqualTo("field \"minutes_attended\": must not be negative, got \"-1\"");
    }

    @Test
    void missingOrEmptyOrNullRequiredFieldIsBad() {
        String noEmail = email("").replace("\"email\":\" Ann@Example.com \",", "");
        assertThat(reasonOf(EMAIL_EVENTS, noEmail)).isEqualTo("missing required field \"email\"");
        assertThat(reasonOf(EMAIL_EVENTS, email("").replace("\" Ann@Example.com \"", "\"\"")))
                .isEqualTo("missing required field \"email\"");
        assertThat(reasonOf(EMAIL_EVENTS, email("").replace("\" Ann@Example.com \"", "null")))
                .isEqualTo("missing required field \"email\"");
    }

    @Test
    void duplicateKeyIsBad() {
        assertThat(reasonOf(EMAIL_EVENTS, email(",\"event_id\":\"e2\""))).isEqualTo("duplicate key \"event_id\"");
        assertThat(reasonOf(EMAIL_EVENTS, email(",\"x\":1,\"x\":2"))).isEqualTo("duplicate key \"x\"");
    }

    @Test
    void unknownEnumValueIsBad() {
        assertThat(reasonOf(WEB_PAGEVIEWS, "{\"event_id\":\"p1\",\"event_type\":\"page_ping\","
                + "\"occurred_at\":\"2026-11-20T10:00:00Z\",\"anonymous_id\":\"x\",\"url\":\"/\"}"))
                .isEqualTo("field \"event_type\": unknown value \"page_ping\" (expected one of: page)");
    }

    @Test
    void controlCharactersAreBadButTabIsFine() {
        assertThat(reasonOf(EMAIL_EVENTS, email(",\"url\":\"a\\u0007b\"")))
                .isEqualTo("field \"url\" contains control character U+0007");
        assertThat(reasonOf(EMAIL_EVENTS, email(",\"url\":\"a\\nb\"")))
                .isEqualTo("field \"url\" contains control character U+000A");
        assertThat(reasonOf(EMAIL_EVENTS, email(",\"url\":\"a\\u007fb\"")))
                .isEqualTo("field \"url\" contains control character U+007F");
        assertThat(parse(EMAIL_EVENTS, email(",\"url\":\"a\\tb\""))).singleElement().isInstanceOf(ParsedRecord.Good.class);
    }

    @Test
    void invalidEmailIsBadWithoutEchoingIt() {
        assertThat(reasonOf(EMAIL_EVENTS, email("").replace("Ann@Example.com", "ann.example.com")))
                .isEqualTo("field \"email\": not a valid e-mail address (expected local@domain.tld)");
        assertThat(reasonOf(EMAIL_EVENTS, email("").replace("Ann@Example.com", "ann@localhost")))
                .doesNotContain("ann");
    }

    @Test
    void invalidUtf8SpoilsOnlyItsLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((email("") + "\n").getBytes(StandardCharsets.UTF_8));
        out.write("{\"event_id\":\"".getBytes(StandardCharsets.UTF_8)); // offset 13 is the bad byte
        out.write(new byte[] {(byte) 0xC3, (byte) 0x28});
        out.write(("\"}\n" + email("")).getBytes(StandardCharsets.UTF_8));
        List<ParsedRecord> r = parse(EMAIL_EVENTS, out.toByteArray());
        assertThat(r).hasSize(3);
        good(r.get(0));
        assertThat(bad(r.get(1)).reason()).isEqualTo("invalid UTF-8 byte sequence at byte offset 13");
        assertThat(bad(r.get(1)).rawText()).contains("\uFFFD");
        assertThat(good(r.get(2)).line()).isEqualTo(3);
    }

    @Test
    void hugeStringFieldIsBad() {
        assertThat(reasonOf(EMAIL_EVENTS, email(",\"url\":\"" + "u".repeat(8193) + "\"")))
                .isEqualTo("field \"url\" is 8193 characters long (limit 8192)");
        assertThat(parse(EMAIL_EVENTS, email(",\"url\":\"" + "u".repeat(8192) + "\""))).singleElement()
                .isInstanceOf(ParsedRecord.Good.class);
    }

    @Test
    void overlongLineIsBadWithTruncatedRawText() {
        String line = email(",\"x\":\"" + "y".repeat(1024 * 1024) + "\"");
        List<ParsedRecord> r = parse(EMAIL_EVENTS, line + "\n" + email(""));
        ParsedRecord.Bad b = bad(r.get(0));
        assertThat(b.reason()).isEqualTo("record is " + line.length() + " bytes long (limit 1048576)");
        assertThat(b.rawText()).startsWith(line.substring(0, 100)).endsWith("bytes]").hasSizeLessThan(70_000);
        good(r.get(1));
    }

    @Test
    void timestampsNeedAnOffsetAndConvertToUtc() {
        assertThat(reasonOf(EMAIL_EVENTS, email("").replace("10:00:00Z", "10:00:00")))
                .isEqualTo("field \"occurred_at\": timestamp without UTC offset, got \"2026-11-20T10:00:00\"");
        for (String ts : List.of("2026-11-20T12:00:00+02:00", "2026-11-20T05:00:00-0500",
                "2026-11-20T10:00:00.000Z", "2026-11-20T15:30+05:30")) {
            ParsedRecord.Good g = good(parse(EMAIL_EVENTS, email("").replace("2026-11-20T10:00:00Z", ts)).get(0));
            assertThat(value(EMAIL_EVENTS, g, "occurred_at")).as(ts).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        }
        assertThat(reasonOf(EMAIL_EVENTS, email("").replace("2026-11-20T10:00:00Z", "2026-02-30T10:00:00Z")))
                .isEqualTo("field \"occurred_at\": expected an ISO-8601 timestamp, got \"2026-02-30T10:00:00Z\"");
    }

    @Test
    void timestampsOutOfRangeAreBad() {
        assertThat(reasonOf(EMAIL_EVENTS, email("").replace("2026-11-20T10:00:00Z", "1999-12-31T23:59:59Z")))
                .isEqualTo("field \"occurred_at\": \"1999-12-31T23:59:59Z\" is out of range (2000-01-01 .. 2026-11-22)");
        assertThat(reasonOf(EMAIL_EVENTS, email("").replace("2026-11-20T10:00:00Z", "2026-11-23T00:00:00Z")))
                .endsWith("is out of range (2000-01-01 .. 2026-11-22)");
        good(parse(EMAIL_EVENTS, email("").replace("2026-11-20T10:00:00Z", "2026-11-22T23:59:59Z")).get(0));
        // 01:00 on the 23rd at +02:00 is still the 22nd in UTC
        good(parse(EMAIL_EVENTS, email("").replace("2026-11-20T10:00:00Z", "2026-11-23T01:00:00+02:00")).get(0));
    }

    @Test
    void blankLinesBomAndCrlf() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String body = email("") + "\r\n  \r\n\r\n" + email("") + "\r\n";
        byte[] content = new byte[3 + body.length()];
        System.arraycopy(bom, 0, content, 0, 3);
        System.arraycopy(body.getBytes(StandardCharsets.UTF_8), 0, content, 3, body.length());
        List<ParsedRecord> r = parse(EMAIL_EVENTS, content);
        assertThat(r).extracting(ParsedRecord::line).containsExactly(1L, 2L, 3L, 4L);
        good(r.get(0));
        assertThat(bad(r.get(1)).reason()).isEqualTo("blank line");
        assertThat(bad(r.get(2)).reason()).isEqualTo("blank line");
        assertThat(good(r.get(3)).values()).isNotEmpty();
    }

    @Test
    void emptyFileAndLastLineWithoutNewline() {
        assertThat(parse(EMAIL_EVENTS, "")).isEmpty();
        assertThat(parse(EMAIL_EVENTS, email("") + "\n" + email(""))).hasSize(2);
    }
}
