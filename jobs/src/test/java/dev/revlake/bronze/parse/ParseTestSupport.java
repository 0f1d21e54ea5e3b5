package dev.revlake.bronze.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revlake.raw.Source;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers: parse inline content and pick single outcomes. */
final class ParseTestSupport {

    static final LocalDate DELIVERY = LocalDate.of(2026, 11, 20);

    private ParseTestSupport() {
    }

    static List<ParsedRecord> parse(Source source, String content) {
        return parse(source, content.getBytes(StandardCharsets.UTF_8));
    }

    static List<ParsedRecord> parse(Source source, byte[] content) {
        List<ParsedRecord> out = new ArrayList<>();
        new RawFileParser(source, DELIVERY).parse(content, out::add);
        return out;
    }

    static ParsedRecord.Good good(ParsedRecord r) {
        assertThat(r).as("expected a good record, got %s", r).isInstanceOf(ParsedRecord.Good.class);
        return (ParsedRecord.Good) r;
    }

    static ParsedRecord.Bad bad(ParsedRecord r) {
        assertThat(r).as("expected a bad record, got %s", r).isInstanceOf(ParsedRecord.Bad.class);
        return (ParsedRecord.Bad) r;
    }

    /** The only record of a one-record file must be bad; returns its reason. */
    static String reasonOf(Source source, String content) {
        List<ParsedRecord> out = parse(source, content);
        assertThat(out).hasSize(1);
        return bad(out.get(0)).reason();
    }

    static Object value(Source source, ParsedRecord.Good g, String field) {
        return g.values()[source.fields().indexOf(source.field(field).orElseThrow())];
    }
}
