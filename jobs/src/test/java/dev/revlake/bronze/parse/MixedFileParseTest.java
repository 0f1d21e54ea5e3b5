package dev.revlake.bronze.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revlake.raw.Source;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property-style: random mixes of good and bad lines keep counts, order and line numbers. */
class MixedFileParseTest {

    private static final String[] BAD_LINES = {
        "", "{", "[]", "{\"event_id\":\"x\"}", "not json", JsonlParseTest.email("").replace("open", "opened"),
        JsonlParseTest.email(",\"url\":{}"), JsonlParseTest.email("").replace("Z\"", "\""),
    };

    @Test
    void everyLineBecomesExactlyOneRecordAndGoodOnesKeepTheirOrder() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            StringBuilder file = new StringBuilder();
            List<Long> goodLines = new ArrayList<>();
            int lines = 1 + random.nextInt(40);
            for (int i = 1; i <= lines; i++) {
                if (random.nextBoolean()) {
                    file.append(JsonlParseTest.email("").replace("e1", "e" + i));
                    goodLines.add((long) i);
                } else {
                    file.append(BAD_LINES[random.nextInt(BAD_LINES.length)]);
                }
                file.append(random.nextBoolean() ? "\n" : "\r\n");
            }
            List<ParsedRecord> out = new ArrayList<>();
            FileParseStats stats = roundTrip(new RawFileParser(Source.EMAIL_EVENTS, ParseTestSupport.DELIVERY))
                    .parseAll(file.toString().getBytes(StandardCharsets.UTF_8), out::add);

            assertThat(stats.records()).isEqualTo(lines).isEqualTo(stats.good() + stats.bad());
            assertThat(out).extracting(ParsedRecord::line).isSorted().doesNotHaveDuplicates().hasSize(lines);
            List<ParsedRecord.Good> good = out.stream().filter(ParsedRecord.Good.class::isInstance)
                    .map(ParsedRecord.Good.class::cast).toList();
            assertThat(good).extracting(ParsedRecord::line).containsExactlyElementsOf(goodLines);
            assertThat(good).extracting(g -> g.values()[0])
                    .containsExactlyElementsOf(goodLines.stream().map(l -> "e" + l).toList());
        }
    }

    /** Spark ships the parser to executors and Good records back: both must survive serialization. */
    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void goodRecordsAreSerializable() throws Exception {
        List<ParsedRecord> out = new ArrayList<>();
        new RawFileParser(Source.CRM_OPPORTUNITIES, ParseTestSupport.DELIVERY)
                .parse((CsvParseTest.OPP_HEADER + CsvParseTest.opp("3.10", "2027-01-01")).getBytes(StandardCharsets.UTF_8), out::add);
        assertThat(roundTrip(out.get(0))).isEqualTo(out.get(0));
    }

    @Test
    void toStringNeverShowsRecordContent() {
        List<ParsedRecord> out = new ArrayList<>();
        new RawFileParser(Source.EMAIL_EVENTS, ParseTestSupport.DELIVERY).parse(
                (JsonlParseTest.email("") + "\n" + JsonlParseTest.email("").replace("open", "x"))
                        .getBytes(StandardCharsets.UTF_8), out::add);
        assertThat(out).hasSize(2).allSatisfy(r -> assertThat(r.toString()).doesNotContain("Ann@Example.com", "e1"));
    }
}
