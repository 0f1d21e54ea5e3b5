package dev.revlake.bronze.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.revlake.raw.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Rough ingest-speed check: {@link RawFileParser} against a bare Jackson streaming loop over the same
 * generated JSONL bytes (tokens plus {@code getText()} of every value, no validation), and the CSV
 * parser on its own. Usage: {@code ParseBench [lines]} (default 200000). Not a JMH benchmark: best of
 * a few rounds after warm-up, good enough to spot an order-of-magnitude regression.
 */
public final class ParseBench {

    private static final LocalDate DELIVERY = LocalDate.of(2026, 11, 20);

    private ParseBench() {
    }

    public static void main(String[] args) throws IOException {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        byte[] jsonl = jsonl(lines);
        byte[] csv = csv(lines);
        RawFileParser jsonParser = new RawFileParser(Source.WEB_PAGEVIEWS, DELIVERY);
        RawFileParser csvParser = new RawFileParser(Source.CRM_ACTIVITIES, DELIVERY);
        JsonFactory factory = new JsonFactory();

        double parser = 0;
        double bare = 0;
        double barePerLine = 0;
        double csvRate = 0;
        for (int round = 0; round < 6; round++) { // first rounds warm the JIT up; keep the best
            parser = Math.max(parser, rate(lines, () -> count(jsonParser, jsonl, lines)));
            bare = Math.max(bare, rate(lines, () -> bareJackson(factory, jsonl, lines)));
            barePerLine = Math.max(barePerLine, rate(lines, () -> bareJacksonPerLine(factory, jsonl, lines)));
            csvRate = Math.max(csvRate, rate(lines, () -> count(csvParser, csv, lines)));
        }
        System.out.printf(Locale.ROOT, "JSONL %d lines, %.1f MB%n", lines, jsonl.length / 1e6);
        System.out.printf(Locale.ROOT, "  RawFileParser      %,12.0f records/s%n", parser);
        System.out.printf(Locale.ROOT, "  bare Jackson loop  %,12.0f records/s  (parser at %.0f%% of bare)%n",
                bare, 100 * parser / bare);
        System.out.printf(Locale.ROOT, "  bare Jackson, one parser per line %,12.0f records/s%n", barePerLine);
        System.out.printf(Locale.ROOT, "CSV %d rows, %.1f MB: RawFileParser %,12.0f records/s%n",
                lines, csv.length / 1e6, csvRate);
    }

    private interface Run {
        void run() throws IOException;
    }

    private static double rate(int lines, Run run) throws IOException {
        long t0 = System.nanoTime();
        run.run();
        return lines / ((System.nanoTime() - t0) / 1e9);
    }

    private static void count(RawFileParser parser, byte[] content, int expected) {
        FileParseStats s = parser.parseAll(content, r -> { });
        if (s.good() != expected) {
            throw new IllegalStateException("generated data should all be good: " + s);
        }
    }

    private static void bareJackson(JsonFactory factory, byte[] content, int expected) throws IOException {
        int records = 0;
        long chars = 0;
        try (JsonParser p = factory.createParser(content)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT) {
                    records++;
                } else if (t.isScalarValue()) {
                    chars += p.getText().length();
                }
            }
        }
        if (records != expected || chars == 0) {
            throw new IllegalStateException("bare loop saw " + records + " records");
        }
    }

    /** Same loop with a parser per line, as the real parser needs to isolate bad lines. */
    private static void bareJacksonPerLine(JsonFactory factory, byte[] content, int expected) throws IOException {
        int records = 0;
        int start = 0;
        while (start < content.length) {
            int nl = start;
            while (nl < content.length && content[nl] != '\n') {
                nl++;
            }
            try (JsonParser p = factory.createParser(content, start, nl - start)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.END_OBJECT) {
                        records++;
                    } else if (t.isScalarValue()) {
                        p.getText();
                    }
                }
            }
            start = nl + 1;
        }
        if (records != expected) {
            throw new IllegalStateException("bare loop saw " + records + " records");
        }
    }

    private static byte[] jsonl(int lines) {
        StringBuilder sb = new StringBuilder(lines * 420);
        for (int i = 0; i < lines; i++) {
            sb.append("{\"event_id\":\"evt-").append(i).append("\",\"event_type\":\"page\",")
                    .append("\"occurred_at\":\"2026-11-20T").append(String.format(Locale.ROOT, "%02d:%02d:%02d",
                            i / 3600 % 24, i / 60 % 60, i % 60)).append(".123Z\",")
                    .append("\"anonymous_id\":\"anon-").append(i % 5000).append("\",")
                    .append("\"url\":\"https://www.example.com/pricing?plan=").append(i % 7).append("\",")
                    .append("\"page_title\":\"Pricing – Example\",\"referrer\":\"https://www.google.com/\",")
                    .append("\"utm_source\":\"google\",\"utm_medium\":\"cpc\",\"utm_campaign\":\"brand\",")
                    .append("\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0\",")
                    .append("\"ip\":\"203.0.113.").append(i % 256).append("\"}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] csv(int lines) {
        StringBuilder sb = new StringBuilder(lines * 120).append("activity_id,activity_type,occurred_at,owner_id,"
                + "contact_id,account_id,opportunity_id,duration_minutes,outcome,subject\n");
        for (int i = 0; i < lines; i++) {
            sb.append("act-").append(i).append(",call,2026-11-20T10:00:00Z,u").append(i % 40)
                    .append(",c").append(i).append(",a").append(i % 900).append(",,").append(i % 90)
                    .append(",connected,\"Follow-up, \"\"pricing\"\" questions\"\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
