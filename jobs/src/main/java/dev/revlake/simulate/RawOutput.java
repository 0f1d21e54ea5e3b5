package dev.revlake.simulate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.revlake.raw.FieldType;
import dev.revlake.raw.RawField;
import dev.revlake.raw.Source;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records to the raw landing zone, one file per source and day, and injects dirt on the way.
 * Records arrive as value arrays aligned with {@link Source#fields()}; {@code null} = absent.
 * Dirt is drawn from its own random stream per source and day so that the simulated world does not
 * depend on the dirt rate.
 */
final class RawOutput implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RawOutput.class);

    /** Roll over to a new part file beyond this size, like a Spark/Kafka-Connect sink would. */
    static final long MAX_PART_BYTES = 128L << 20;

    private static final String[] OFFSETS = {"+02:00", "-05:00", "+05:30", "-08:00", "+01:00", "+09:00"};

    /** One dirt entry of the manifest. */
    record DirtEntry(Source source, String dt, String file, long line, DirtKind kind) {
    }

    private record Pending(String[] values, DirtKind kind) {
    }

    private final Path rawDir;
    private final long seed;
    private final double dirtRate;
    private final int days;
    private final long maxPartBytes;
    private final JsonFactory json = new JsonFactory();
    private final EnumMap<Source, SourceFile> open = new EnumMap<>(Source.class);
    private final EnumMap<Source, long[]> records = new EnumMap<>(Source.class);
    private final EnumMap<DirtKind, long[]> dirt = new EnumMap<>(DirtKind.class);
    private final EnumMap<Source, List<DirtKind>> kinds = new EnumMap<>(Source.class);
    private final List<DirtEntry> manifest = new ArrayList<>();
    /** pending[day] per source: late and duplicate deliveries waiting for a later dt folder. */
    private final List<EnumMap<Source, List<Pending>>> pending;
    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(1024);
    private int day;

    RawOutput(Path rawDir, long seed, double dirtRate, int days, long maxPartBytes) {
        this.rawDir = rawDir;
        this.seed = seed;
        this.dirtRate = dirtRate;
        this.days = days;
        this.maxPartBytes = maxPartBytes;
        this.pending = new ArrayList<>(days);
        for (int i = 0; i < days; i++) {
            pending.add(null);
        }
        for (Source s : Source.values()) {
            records.put(s, new long[1]);
            kinds.put(s, applicableKinds(s));
        }
        for (DirtKind k : DirtKind.values()) {
            dirt.put(k, new long[1]);
        }
    }

    /** Dirt that makes sense for a source: CSV extracts cannot carry extra columns, etc. */
    static List<DirtKind> applicableKinds(Source s) {
        List<DirtKind> list = new ArrayList<>();
        list.add(DirtKind.MALFORMED);
        list.add(DirtKind.MISSING_REQUIRED);
        list.add(DirtKind.WRONG_TYPE);
        list.add(DirtKind.DUPLICATE);
        if (s != Source.CRM_OPPORTUNITIES) {
            // A snapshot row belongs to its snapshot day; "late" would be meaningless there.
            list.add(DirtKind.LATE);
        }
        list.add(DirtKind.OTHER_OFFSET);
        if (s.field("email").isPresent()) {
            list.add(DirtKind.MESSY_EMAIL);
        }
        if (s.field("event_type").isPresent() || s.field("activity_type").isPresent()) {
            list.add(DirtKind.UNKNOWN_EVENT_TYPE);
        }
        if (s.isEventStream()) {
            list.add(DirtKind.UNEXPECTED_FIELD);
        }
        return List.copyOf(list);
    }

    /** Opens the files of a day and first writes the records delivered late into it. */
    void startDay(int dayIndex, LocalDate date) {
        this.day = dayIndex;
        String dt = date.toString();
        for (Source s : Source.values()) {
            long dirtSeed = Simulator.mix(seed, 0x5EED_D1A7L + dayIndex * 31L + s.ordinal());
            open.put(s, new SourceFile(s, dt, new SplittableRandom(dirtSeed)));
        }
        EnumMap<Source, List<Pending>> waiting = pending.get(dayIndex);
        if (waiting != null) {
            for (Map.Entry<Source, List<Pending>> e : waiting.entrySet()) {
                SourceFile f = open.get(e.getKey());
                for (Pending p : e.getValue()) {
                    f.write(p.values, null, false);
                    note(f, p.kind);
                }
            }
            pending.set(dayIndex, null);
        }
    }

    /** Closes the files of the current day. */
    void endDay() {
        for (SourceFile f : open.values()) {
            f.close();
        }
        open.clear();
    }

    @Override
    public void close() {
        endDay();
    }

    /** Writes one record to today's file of its source, possibly dirtied. */
    void emit(Source source, String[] values) {
        SourceFile f = open.get(source);
        SplittableRandom r = f.dirtRng;
        if (dirtRate == 0 || r.nextDouble() >= dirtRate) {
            f.write(values, null, false);
            return;
        }
        List<DirtKind> options = kinds.get(source);
        DirtKind kind = options.get(r.nextInt(options.size()));
        switch (kind) {
            case DUPLICATE -> {
                f.write(values, null, false);
                int later = r.nextInt(3);
                if (later == 0 || day + later >= days) {
                    f.write(values, null, false);
                    note(f, kind);
                } else {
                    defer(day + later, source, values, kind);
                }
            }
            case LATE -> {
                int later = 1 + r.nextInt(3);
                if (day + later >= days) {
                    f.write(values, null, false); // nothing later to deliver into: stays clean
                } else {
                    defer(day + later, source, values, kind);
                }
            }
            case MALFORMED -> {
                f.write(values, null, true);
                note(f, kind);
            }
            case UNEXPECTED_FIELD -> {
                f.write(values, r.nextBoolean() ? "consent_version" : "context_library_version", false);
                note(f, kind);
            }
            default -> {
                f.write(mutate(source, values.clone(), kind, r), null, false);
                note(f, kind);
            }
        }
    }

    private void defer(int targetDay, Source source, String[] values, DirtKind kind) {
        EnumMap<Source, List<Pending>> m = pending.get(targetDay);
        if (m == null) {
            m = new EnumMap<>(Source.class);
            pending.set(targetDay, m);
        }
        m.computeIfAbsent(source, k -> new ArrayList<>()).add(new Pending(values.clone(), kind));
    }

    private void note(SourceFile f, DirtKind kind) {
        manifest.add(new DirtEntry(f.source, f.dt, f.relativeName(), f.lines, kind));
        dirt.get(kind)[0]++;
    }

    /** Applies a value-level dirt kind to a copy of the record. */
    private static String[] mutate(Source s, String[] v, DirtKind kind, SplittableRandom r) {
        List<RawField> fields = s.fields();
        switch (kind) {
            case MISSING_REQUIRED -> {
                int[] req = indexes(fields, f -> f.required());
                v[req[r.nextInt(req.length)]] = null;
            }
            case WRONG_TYPE -> {
                // Only required typed fields, so "quarantine" is unambiguous.
                int[] typed = indexes(fields, f -> f.required() && f.type() != FieldType.STRING
                        && f.type() != FieldType.EMAIL);
                int i = typed[r.nextInt(typed.length)];
                v[i] = switch (fields.get(i).type()) {
                    case TIMESTAMP -> r.nextBoolean() ? "yesterday" : "2026-13-45T25:61:00Z";
                    case DATE -> "next week";
                    case BOOLEAN -> "maybe";
                    case MONEY -> "abc";
                    default -> "n/a";
                };
            }
            case OTHER_OFFSET -> {
                int i = indexOf(s, s.field(s.recordTimeField()).orElseThrow().type() == FieldType.TIMESTAMP
                        ? s.recordTimeField() : "created_at");
                long ms = Instant.parse(v[i]).toEpochMilli();
                v[i] = Times.formatWithOffset(ms, OFFSETS[r.nextInt(OFFSETS.length)]);
            }
            case MESSY_EMAIL -> {
                int i = indexOf(s, "email");
                v[i] = messy(v[i], r);
            }
            case UNKNOWN_EVENT_TYPE -> {
                if (s == Source.CRM_ACTIVITIES) {
                    v[indexOf(s, "activity_type")] = r.nextBoolean() ? "sms" : "linkedin_message";
                } else {
                    v[indexOf(s, "event_type")] = switch (s) {
                        case WEB_PAGEVIEWS -> r.nextBoolean() ? "page_ping" : "track";
                        case EMAIL_EVENTS -> r.nextBoolean() ? "spam_report" : "deferred";
                        default -> "cancelled";
                    };
                }
            }
            default -> throw new IllegalStateException("Not a value-level dirt kind: " + kind);
        }
        return v;
    }

    private static String messy(String email, SplittableRandom r) {
        StringBuilder b = new StringBuilder(email.length() + 3);
        b.append(r.nextBoolean() ? " " : "  ");
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            b.append(r.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        b.append(' ');
        return b.toString();
    }

    private static int[] indexes(List<RawField> fields, java.util.function.Predicate<RawField> p) {
        return java.util.stream.IntStream.range(0, fields.size()).filter(i -> p.test(fields.get(i))).toArray();
    }

    static int indexOf(Source s, String field) {
        List<RawField> fields = s.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(field)) {
                return i;
            }
        }
        throw new IllegalArgumentException("No field " + field + " in " + s.id());
    }

    long records(Source s) {
        return records.get(s)[0];
    }

    long totalRecords() {
        long n = 0;
        for (long[] c : records.values()) {
            n += c[0];
        }
        return n;
    }

    Map<Source, Long> recordCounts() {
        EnumMap<Source, Long> m = new EnumMap<>(Source.class);
        records.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }

    Map<DirtKind, Long> dirtCounts() {
        EnumMap<DirtKind, Long> m = new EnumMap<>(DirtKind.class);
        dirt.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }

    List<DirtEntry> manifest() {
        return manifest;
    }

    /** Counts bytes so files can roll over near {@link #MAX_PART_BYTES}. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** The open part file of one source and day. */
    private final class SourceFile {
        final Source source;
        final String dt;
        final SplittableRandom dirtRng;
        final List<RawField> fields;
        final SerializedString[] names;
        final boolean[] numeric;
        final boolean jsonl;
        int part = -1;
        long lines;
        CountingStream out;
        JsonGenerator gen;
        final StringBuilder line = new StringBuilder(256);

        SourceFile(Source source, String dt, SplittableRandom dirtRng) {
            this.source = source;
            this.dt = dt;
            this.dirtRng = dirtRng;
            this.fields = source.fields();
            this.names = new SerializedString[fields.size()];
            this.numeric = new boolean[fields.size()];
            for (int i = 0; i < names.length; i++) {
                // Pre-encoded keys: Jackson then copies bytes instead of escaping each name again.
                names[i] = new SerializedString(fields.get(i).name());
                numeric[i] = fields.get(i).type() == FieldType.INT || fields.get(i).type() == FieldType.LONG;
            }
            this.jsonl = source.isEventStream();
            roll();
        }

        String relativeName() {
            return source.id() + "/dt=" + dt + "/" + String.format(Locale.ROOT, "part-%05d.", part)
                    + source.format().extension();
        }

        private void roll() {
            close();
            part++;
            lines = 0;
            try {
                Path file = rawDir.resolve(relativeName());
                Files.createDirectories(file.getParent());
                out = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
                if (jsonl) {
                    gen = json.createGenerator(out, JsonEncoding.UTF8);
                    gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
                    gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    gen.setRootValueSeparator(null);
                } else {
                    line.setLength(0);
                    for (int i = 0; i < fields.size(); i++) {
                        if (i > 0) {
                            line.append(',');
                        }
                        line.append(fields.get(i).name());
                    }
                    line.append('\n');
                    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
                    lines = 1;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open raw file " + relativeName(), e);
            }
            if (part > 0) {
                LOG.info("Rolled {} to part {}", source.id() + "/dt=" + dt, part);
            }
        }

        /** Writes one record; {@code extraKey} adds an unexpected field, {@code truncate} breaks it. */
        void write(String[] v, String extraKey, boolean truncate) {
            try {
                if (out.count + (gen == null ? 0 : gen.getOutputBuffered()) > maxPartBytes) {
                    roll();
                }
                if (jsonl) {
                    if (truncate) {
                        scratch.reset();
                        try (JsonGenerator g = json.createGenerator(scratch, JsonEncoding.UTF8)) {
                            writeJson(g, v, null);
                        }
                        byte[] b = scratch.toByteArray();
                        int cut = 5 + dirtRng.nextInt(Math.max(1, b.length - 10));
                        gen.flush();
                        out.write(b, 0, cut);
                        out.write('\n');
                    } else {
                        writeJson(gen, v, extraKey);
                        gen.writeRaw('\n');
                    }
                } else {
                    writeCsv(v, truncate);
                }
                lines++;
                records.get(source)[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write raw file " + relativeName(), e);
            }
        }

        private void writeJson(JsonGenerator g, String[] v, String extraKey) throws IOException {
            g.writeStartObject();
            for (int i = 0; i < v.length; i++) {
                String value = v[i];
                if (value == null) {
                    continue;
                }
                g.writeFieldName(names[i]);
                if (numeric[i]) {
                    if (isInteger(value)) {
                        g.writeNumber(value);
                    } else {
                        g.writeString(value);
                    }
                } else {
                    g.writeString(value);
                }
            }
            if (extraKey != null) {
                g.writeStringField(extraKey, extraKey.startsWith("consent") ? "2025-11" : "analytics.js 4.1.0");
            }
            g.writeEndObject();
        }

        private void writeCsv(String[] v, boolean malformed) throws IOException {
            StringBuilder b = line;
            b.setLength(0);
            int skip = malformed ? dirtRng.nextInt(v.length + 1) : -1;
            boolean first = true;
            for (int i = 0; i < v.length; i++) {
                if (i == skip) {
                    continue; // one field too few: the row cannot be aligned with the header
                }
                if (!first) {
                    b.append(',');
                }
                first = false;
                appendCsv(b, v[i]);
            }
            if (skip == v.length) {
                b.append(",extra"); // or one field too many
            }
            b.append('\n');
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        }

        void close() {
            if (out == null) {
                return;
            }
            try {
                if (gen != null) {
                    gen.close();
                    gen = null;
                }
                out.close();
                out = null;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close raw file " + relativeName(), e);
            }
        }
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = s.charAt(0) == '-' ? 1 : 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** RFC 4180: quote when needed; also quote edge spaces so readers that trim keep them. */
    static void appendCsv(StringBuilder b, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        boolean quote = value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ';
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            b.append(value);
            return;
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                b.append('"');
            }
            b.append(c);
        }
        b.append('"');
    }
}
