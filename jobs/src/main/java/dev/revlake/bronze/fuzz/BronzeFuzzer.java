package dev.revlake.bronze.fuzz;

import dev.revlake.bronze.fuzz.ExpectedRecord.Outcome;
import dev.revlake.raw.FieldType;
import dev.revlake.raw.RawField;
import dev.revlake.raw.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Writes raw landing files for every source from a seed: good records generated from the {@link Source}
 * contract (each with a unique key), malformed records of every {@link FuzzKind} spliced between them,
 * and whole-file cases (empty, header-only, all bad, wrong extension, schema drift), plus the
 * {@link FuzzManifest} of what bronze must do with each. Same seed, same bytes.
 */
public final class BronzeFuzzer {

    /**
     * What to write.
     *
     * @param rawRoot      landing zone root; files go to {@code <source>/dt=<deliveryDate>/}
     * @param records      total records to write across the 8 sources (at least 800)
     * @param seed         random seed
     * @param deliveryDate the {@code dt=} folder
     */
    public record Config(Path rawRoot, int records, long seed, LocalDate deliveryDate) {
        public Config {
            Objects.requireNonNull(rawRoot, "rawRoot");
            Objects.requireNonNull(deliveryDate, "deliveryDate");
            if (records < MIN_RECORDS || records > 10_000_000) {
                throw new IllegalArgumentException("Invalid record count: " + records + " (must be " + MIN_RECORDS
                        + "..10000000)");
            }
        }
    }

    /** Below this the special files alone would exceed the budget. */
    public static final int MIN_RECORDS = 800;
    /** Share of bad records in a mixed file. */
    private static final double BAD_SHARE = 0.3;
    private static final double DUPLICATE_SHARE = 0.02;
    private static final double MULTILINE_SHARE = 0.08;
    private static final int RECORDS_PER_MIXED_FILE = 500;
    /** Replaced byte-for-byte by an invalid UTF-8 sequence after encoding (U+E000 is three bytes). */
    private static final char INVALID_UTF8_MARK = '\uE000';
    private static final byte[] INVALID_UTF8_BYTES = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
    private static final String[] TEXTS = {"Acme GmbH", "Müller & Söhne AG", "東京オフィス", "Café \"Le Zinc\"",
        "rocket 🚀 launch", "a, b and c", "back\\slash path", "tab\tseparated", "O'Brien & Co", "Ωmega — ok"};
    private static final String[] FIRST_NAMES = {"Jürgen", "Amélie", "Siobhán", "Kenji", "Zoë", "Olamide"};
    private static final String[] LAST_NAMES = {"Ødegård", "Nakamura", "O'Connor", "Żółkiewska", "Dubois-Smith"};
    private static final String MULTILINE = "first line\nsecond line, \"quoted\"";

    private final Config config;
    private final SplittableRandom rng;

    public BronzeFuzzer(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.rng = new SplittableRandom(config.seed());
    }

    /** Writes every file and returns the manifest (not yet written to disk). */
    public FuzzManifest write() {
        List<ExpectedRecord> records = new ArrayList<>();
        List<FuzzManifest.FileEntry> files = new ArrayList<>();
        int perSource = config.records() / Source.values().length;
        for (Source source : Source.values()) {
            new SourceWriter(source, perSource, records, files).writeAll();
        }
        return new FuzzManifest(config.rawRoot(), config.deliveryDate(), records, files);
    }

    /** One cell of a record: text to escape/quote, a verbatim number, or verbatim raw text. */
    private record Cell(String text, CellKind kind) {
    }

    private enum CellKind { STR, NUM, RAW }

    /** A record being built: cells by field name (contract order, extras last) and what must land. */
    private static final class Rec {
        final LinkedHashMap<String, Cell> cells = new LinkedHashMap<>();
        Object[] values;
        String key;
        final List<String> secrets = new ArrayList<>();
        boolean hasExtra;
        boolean multiline;
    }

    /** Writes one source's files; keeps the per-source counter that makes keys unique. */
    private final class SourceWriter {
        private final Source source;
        private final boolean csv;
        private final int budget;
        private final List<ExpectedRecord> out;
        private final List<FuzzManifest.FileEntry> files;
        private final List<String> header;
        private final String dir;
        private final List<FuzzKind> badKinds;
        private int counter;
        private int badTurn;
        /** Encoded good records of mixed files, for redelivery as duplicates. */
        private final List<Object[]> deliveredGood = new ArrayList<>();

        SourceWriter(Source source, int budget, List<ExpectedRecord> out, List<FuzzManifest.FileEntry> files) {
            this.source = source;
            this.csv = source.format() == Source.Format.CSV;
            this.budget = budget;
            this.out = out;
            this.files = files;
            this.header = source.fields().stream().map(RawField::name).toList();
            this.dir = source.id() + "/dt=" + config.deliveryDate();
            this.badKinds = java.util.Arrays.stream(FuzzKind.values())
                    .filter(k -> k.isBadRecord() && k.appliesTo(source) && k != FuzzKind.HUGE_RECORD).toList();
        }

        void writeAll() {
            int before = out.size();
            allBadFile();
            emptyFile();
            if (csv) {
                headerOnlyFile();
                reorderedFile();
                missingOptionalColumnFile();
                missingRequiredColumnFile();
            }
            wrongExtensionFile();
            bomCrlfFile();
            driftExtraFile();
            if (FuzzKind.GOOD_WIDENED.appliesTo(source)) {
                widenedFile();
            }
            int left = Math.max(2, budget - (out.size() - before));
            int nFiles = Math.max(1, (left + RECORDS_PER_MIXED_FILE - 1) / RECORDS_PER_MIXED_FILE);
            for (int f = 0; f < nFiles; f++) {
                int n = left / nFiles + (f < left % nFiles ? 1 : 0);
                mixedFile(String.format("part-%04d.%s", f, ext()), Math.max(2, n));
            }
        }

        private String ext() {
            return source.format().extension();
        }

        // ---- files -------------------------------------------------------------------------

        private void allBadFile() {
            FileBuilder fb = new FileBuilder("all-bad." + ext(), header, false);
            List<FuzzKind> kinds = new ArrayList<>(badKinds);
            kinds.add(FuzzKind.HUGE_RECORD); // once per source: 1 MiB each
            for (FuzzKind k : kinds) {
                fb.bad(k);
            }
            fb.finish(FuzzKind.ALL_BAD_FILE);
        }

        private void emptyFile() {
            writeFile("empty." + ext(), new byte[0]);
            files.add(new FuzzManifest.FileEntry(source, dir + "/empty." + ext(), FuzzKind.EMPTY_FILE, 0));
        }

        private void headerOnlyFile() {
            writeFile("header-only.csv", (String.join(",", header) + "\n").getBytes(StandardCharsets.UTF_8));
            files.add(new FuzzManifest.FileEntry(source, dir + "/header-only.csv", FuzzKind.HEADER_ONLY_FILE, 0));
        }

        private void reorderedFile() {
            List<String> shuffled = new ArrayList<>(header);
            Collections.shuffle(shuffled, new java.util.Random(rng.nextLong()));
            FileBuilder fb = new FileBuilder("drift-reordered.csv", shuffled, false);
            for (int i = 0; i < 8; i++) {
                fb.good(FuzzKind.GOOD_REORDERED_COLUMNS, newGood());
            }
            fb.finish(FuzzKind.GOOD);
        }

        private void missingOptionalColumnFile() {
            RawField dropped = pick(source.fields().stream().filter(f -> !f.required()).toList());
            List<String> cols = header.stream().filter(c -> !c.equals(dropped.name())).toList();
            FileBuilder fb = new FileBuilder("drift-no-optional.csv", cols, false);
            for (int i = 0; i < 8; i++) {
                Rec r = newGood();
                absent(r, dropped);
                fb.good(FuzzKind.GOOD_MISSING_OPTIONAL_COLUMN, r);
            }
            fb.finish(FuzzKind.GOOD);
        }

        private void missingRequiredColumnFile() {
            RawField dropped = pick(source.fields().stream().filter(RawField::required).toList());
            List<String> cols = header.stream().filter(c -> !c.equals(dropped.name())).toList();
            FileBuilder fb = new FileBuilder("drift-no-required.csv", cols, false);
            for (int i = 0; i < 5; i++) {
                fb.record(newGood(), FuzzKind.MISSING_REQUIRED_COLUMN, ReasonClass.HEADER_MISSING_COLUMN);
            }
            fb.finish(FuzzKind.MISSING_REQUIRED_COLUMN);
        }

        private void wrongExtensionFile() {
            String name = "wrong-extension." + (csv ? "csv.gz" : "json");
            FileBuilder fb = new FileBuilder(name, header, false);
            for (int i = 0; i < 3; i++) {
                fb.append(encode(newGood(), header), false);
            }
            writeFile(name, fb.bytes());
            String file = dir + "/" + name;
            out.add(new ExpectedRecord(source, file, 0, null, Outcome.QUARANTINED, ReasonClass.FILE_TYPE,
                    FuzzKind.WRONG_EXTENSION, null, false, List.of()));
            files.add(new FuzzManifest.FileEntry(source, file, FuzzKind.WRONG_EXTENSION, 1));
        }

        private void bomCrlfFile() {
            FileBuilder fb = new FileBuilder("bom-crlf." + ext(), header, true);
            fb.good(FuzzKind.GOOD_AFTER_BOM, newGood());
            for (int i = 0; i < 10; i++) {
                if (i % 3 == 1) {
                    fb.bad(nextBadKind());
                } else {
                    fb.good(FuzzKind.GOOD_CRLF, newGood());
                }
            }
            fb.good(FuzzKind.GOOD_CRLF, newGood());
            fb.finish(FuzzKind.GOOD);
        }

        private void driftExtraFile() {
            List<String> cols = new ArrayList<>(header);
            if (csv) {
                cols.add(rng.nextInt(cols.size() + 1), "new_column");
            }
            FileBuilder fb = new FileBuilder("drift-extra." + ext(), cols, false);
            for (int i = 0; i < 8; i++) {
                Rec r = newGood();
                r.hasExtra = true;
                if (csv) {
                    r.cells.put("new_column", new Cell("extra " + TEXTS[rng.nextInt(TEXTS.length)], CellKind.STR));
                } else {
                    r.cells.put("new_field", new Cell("extra " + TEXTS[rng.nextInt(TEXTS.length)], CellKind.STR));
                    r.cells.put("new_score", new Cell(Integer.toString(rng.nextInt(100)), CellKind.NUM));
                    r.cells.put("new_object", new Cell("{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"}", CellKind.RAW));
                }
                fb.good(FuzzKind.GOOD_EXTRA_FIELD, r);
            }
            fb.finish(FuzzKind.GOOD);
        }

        private void widenedFile() {
            FileBuilder fb = new FileBuilder("widened." + ext(), header, false);
            for (int i = 0; i < 8; i++) {
                Rec r = newGood();
                widen(r);
                fb.good(FuzzKind.GOOD_WIDENED, r);
            }
            fb.finish(FuzzKind.GOOD);
        }

        private void mixedFile(String name, int n) {
            FileBuilder fb = new FileBuilder(name, header, false);
            boolean afterMultiline = false;
            for (int i = 0; i < n; i++) {
                boolean edge = i == 0 || i == n - 1;
                double roll = rng.nextDouble();
                if (afterMultiline) {
                    fb.good(FuzzKind.GOOD_AFTER_MULTILINE, newGood());
                    afterMultiline = false;
                } else if (!edge && roll < BAD_SHARE) {
                    afterMultiline = fb.bad(nextBadKind());
                } else if (!edge && roll < BAD_SHARE + DUPLICATE_SHARE && !deliveredGood.isEmpty()) {
                    Object[] original = deliveredGood.get(rng.nextInt(deliveredGood.size()));
                    fb.duplicate((String) original[0], (byte[]) original[1]);
                } else {
                    Rec r = newGood();
                    FuzzKind kind = FuzzKind.GOOD;
                    if (csv && rng.nextDouble() < MULTILINE_SHARE && multiline(r)) {
                        kind = FuzzKind.GOOD_MULTILINE;
                        afterMultiline = i + 1 < n;
                    }
                    byte[] encoded = fb.good(kind, r);
                    deliveredGood.add(new Object[] {r.key, encoded});
                }
            }
            fb.finish(FuzzKind.GOOD);
        }

        private FuzzKind nextBadKind() {
            // Round-robin first so even a small run covers every kind, then random.
            if (badTurn < badKinds.size()) {
                return badKinds.get(badTurn++);
            }
            return badKinds.get(rng.nextInt(badKinds.size()));
        }

        private void writeFile(String name, byte[] content) {
            Path folder = config.rawRoot().resolve(source.id()).resolve("dt=" + config.deliveryDate());
            try {
                Files.createDirectories(folder);
                Files.write(folder.resolve(name), content);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write fuzz file " + folder.resolve(name) + ": "
                        + e.getMessage(), e);
            }
        }

        /** Accumulates one file's bytes and the expectations of its records, with their start lines. */
        private final class FileBuilder {
            private final String name;
            private final List<String> columns;
            private final String eol;
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private long line = 1;
            private long count;

            FileBuilder(String name, List<String> columns, boolean bomCrlf) {
                this.name = name;
                this.columns = columns;
                this.eol = bomCrlf ? "\r\n" : "\n";
                if (bomCrlf) {
                    bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                }
                if (csv) {
                    append(String.join(",", columns), false);
                }
            }

            String file() {
                return dir + "/" + name;
            }

            /** Appends one record plus line end; returns the line it started on. */
            long append(String text, boolean invalidUtf8) {
                long start = line;
                byte[] b = (text + eol).getBytes(StandardCharsets.UTF_8);
                if (invalidUtf8) {
                    b = replaceMark(b);
                }
                bytes.writeBytes(b);
                for (byte x : b) {
                    if (x == '\n') {
                        line++;
                    }
                }
                return start;
            }

            byte[] good(FuzzKind kind, Rec r) {
                String text = encode(r, columns);
                long at = append(text, false);
                count++;
                out.add(new ExpectedRecord(source, file(), at, r.key, Outcome.LANDED, null, kind, r.values,
                        r.hasExtra, r.secrets));
                return text.getBytes(StandardCharsets.UTF_8);
            }

            void duplicate(String key, byte[] text) {
                long at = append(new String(text, StandardCharsets.UTF_8), false);
                count++;
                out.add(new ExpectedRecord(source, file(), at, key, Outcome.DUPLICATE, null, FuzzKind.DUPLICATE, null,
                        false, List.of()));
            }

            /** A record that must be quarantined with the given class. */
            void record(Rec r, FuzzKind kind, ReasonClass reason) {
                long at = append(encode(r, columns), false);
                count++;
                out.add(new ExpectedRecord(source, file(), at, null, Outcome.QUARANTINED, reason, kind, null, false,
                        r.secrets));
            }

            /** Writes one bad record of the kind; returns whether it holds an embedded line break. */
            boolean bad(FuzzKind kind) {
                Rec r = newGood();
                String text = damage(kind, r, columns);
                long at = append(text, kind == FuzzKind.INVALID_UTF8);
                count++;
                out.add(new ExpectedRecord(source, file(), at, null, Outcome.QUARANTINED, kind.reasonFor(source), kind,
                        null, false, r.secrets));
                return r.multiline;
            }

            byte[] bytes() {
                return bytes.toByteArray();
            }

            void finish(FuzzKind fileKind) {
                writeFile(name, bytes());
                files.add(new FuzzManifest.FileEntry(source, file(), fileKind, count));
            }
        }

        // ---- records -----------------------------------------------------------------------

        /** A fresh valid record with a unique key. */
        private Rec newGood() {
            int n = counter++;
            Rec r = new Rec();
            List<RawField> fields = source.fields();
            r.values = new Object[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                RawField f = fields.get(i);
                if (!f.required() && !source.keyFields().contains(f.name()) && rng.nextDouble() < 0.25) {
                    continue; // optional and absent
                }
                Object v = value(f, n);
                r.values[i] = v;
                r.cells.put(f.name(), render(f, v));
                if (f.type() == FieldType.EMAIL || f.name().endsWith("_name") && !f.name().startsWith("account")
                        && !f.name().startsWith("opportunity") && !f.name().startsWith("webinar")) {
                    r.secrets.add((String) v);
                }
            }
            rekey(r);
            return r;
        }

        private void rekey(Rec r) {
            r.key = source.keyFields().stream().map(k -> String.valueOf(r.values[index(k)]))
                    .collect(Collectors.joining("|"));
        }

        private int index(String field) {
            return header.indexOf(field);
        }

        private Object value(RawField f, int n) {
            LocalDate d = config.deliveryDate();
            return switch (f.type()) {
                case STRING -> {
                    if (!f.allowedValues().isEmpty()) {
                        yield pick(f.allowedValues());
                    }
                    if (source.keyFields().contains(f.name())) {
                        yield "fz" + config.seed() + "-" + source.ordinal() + "-" + n;
                    }
                    if (f.name().endsWith("_id")) {
                        yield "ref-" + Integer.toString(rng.nextInt(1 << 30), 36);
                    }
                    if (f.name().contains("url") || f.name().equals("referrer") || f.name().equals("website_domain")) {
                        yield "https://example.com/p/" + n + "?a=1&b=" + TEXTS[rng.nextInt(TEXTS.length)].length();
                    }
                    if (f.name().equals("first_name")) {
                        yield pick(List.of(FIRST_NAMES)) + n;
                    }
                    if (f.name().equals("last_name")) {
                        yield pick(List.of(LAST_NAMES)) + n;
                    }
                    yield TEXTS[rng.nextInt(TEXTS.length)];
                }
                case EMAIL -> (rng.nextBoolean() ? "Fz.Person" : "fz.person") + n + "@fuzz-example.com";
                case TIMESTAMP -> {
                    long base = d.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
                    long seconds = base - rng.nextLong(30L * 86_400) + rng.nextLong(86_400);
                    long millis = rng.nextBoolean() ? 0 : rng.nextInt(1000);
                    yield Instant.ofEpochSecond(seconds, millis * 1_000_000);
                }
                case DATE -> f.name().equals("snapshot_date") ? d.minusDays(rng.nextInt(3))
                        : f.name().equals("close_date") ? d.plusDays(rng.nextInt(400)) : d.minusDays(rng.nextInt(1000));
                case INT -> rng.nextInt(5000);
                case LONG -> rng.nextLong(1L << 40);
                case MONEY -> BigDecimal.valueOf(rng.nextLong(1_000_000_000L), 2);
                case BOOLEAN -> rng.nextBoolean();
                // The stored form: bronze keeps the network only (render delivers a full address in it).
                case IP_ADDRESS -> rng.nextBoolean()
                        ? (1 + rng.nextInt(223)) + "." + rng.nextInt(256) + "." + rng.nextInt(256) + ".0"
                        : "2001:db8:" + Integer.toHexString(rng.nextInt(65536)) + "::";
            };
        }

        private Cell render(RawField f, Object v) {
            return switch (f.type()) {
                case STRING, EMAIL -> new Cell((String) v, CellKind.STR);
                case TIMESTAMP -> new Cell(timestampText((Instant) v), CellKind.STR);
                case DATE -> new Cell(v.toString(), CellKind.STR);
                case INT, LONG -> new Cell(v.toString(), !csv && rng.nextInt(4) == 0 ? CellKind.STR : CellKind.NUM);
                case MONEY -> {
                    BigDecimal m = (BigDecimal) v;
                    String text = rng.nextBoolean() ? m.toPlainString() : m.stripTrailingZeros().toPlainString();
                    yield new Cell(text, !csv && rng.nextInt(4) == 0 ? CellKind.STR : CellKind.NUM);
                }
                case BOOLEAN -> new Cell(csv && rng.nextBoolean() ? ((Boolean) v ? "1" : "0") : v.toString(),
                        CellKind.NUM);
                case IP_ADDRESS -> {
                    String network = (String) v;
                    yield new Cell(network.endsWith("::")
                            ? network.substring(0, network.length() - 1) + Integer.toHexString(rng.nextInt(65536))
                                    + "::" + Integer.toHexString(1 + rng.nextInt(65535))
                            : network.substring(0, network.length() - 1) + (1 + rng.nextInt(254)), CellKind.STR);
                }
            };
        }

        private String timestampText(Instant t) {
            int variant = rng.nextInt(4);
            if (variant == 0) {
                return t.toString(); // Z, millis when present
            }
            ZoneOffset offset = variant == 1 ? ZoneOffset.ofHours(2) : variant == 2 ? ZoneOffset.ofHours(-5)
                    : ZoneOffset.ofHoursMinutes(5, 30);
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(offset));
        }

        private void absent(Rec r, RawField f) {
            r.cells.remove(f.name());
            r.values[index(f.name())] = null;
        }

        /** Puts a line break into an optional free-text field; false when the source has none. */
        private boolean multiline(Rec r) {
            List<RawField> texts = source.fields().stream().filter(f -> f.type() == FieldType.STRING
                    && f.allowedValues().isEmpty() && !f.name().endsWith("_id") && !f.name().contains("url")).toList();
            if (texts.isEmpty()) {
                return false;
            }
            RawField f = pick(texts);
            r.values[index(f.name())] = MULTILINE;
            r.cells.put(f.name(), new Cell(MULTILINE, CellKind.STR));
            r.multiline = true;
            return true;
        }

        /** A lossless widening of one INT, MONEY or DATE field. */
        private void widen(Rec r) {
            List<RawField> wide = source.fields().stream().filter(f -> f.type() == FieldType.INT
                    || f.type() == FieldType.MONEY || f.type() == FieldType.DATE).toList();
            RawField f = pick(wide);
            int i = index(f.name());
            Object v = value(f, 0);
            r.values[i] = v;
            String text = switch (f.type()) {
                case INT -> v + (rng.nextBoolean() ? ".0" : ".00");
                case MONEY -> ((BigDecimal) v).toPlainString() + "0";
                default -> v + "T00:00:00Z";
            };
            r.cells.put(f.name(), new Cell(text, f.type() == FieldType.DATE ? CellKind.STR : CellKind.NUM));
            rekey(r); // the widened field may be part of the key (snapshot_date)
        }

        /** Damages a fresh good record so it must be quarantined as {@code kind}; returns the line text. */
        private String damage(FuzzKind kind, Rec r, List<String> columns) {
            RawField ts = source.fields().stream().filter(f -> f.required() && f.type() == FieldType.TIMESTAMP)
                    .findFirst().orElseThrow();
            String day = config.deliveryDate().minusDays(1).toString();
            switch (kind) {
                case TRUNCATED -> {
                    if (csv) {
                        return encode(r, columns.subList(0, columns.size() / 2));
                    }
                    String line = encode(r, columns);
                    return line.substring(0, line.length() / 2);
                }
                case WRONG_TYPE -> r.cells.put(ts.name(), csv ? new Cell("19/11/2026 10:00", CellKind.STR)
                        : new Cell("1763600000", CellKind.NUM));
                case HUGE_FIELD -> r.cells.put(freeText().name(), new Cell("é".repeat(9000), CellKind.STR));
                case HUGE_RECORD -> r.cells.put(freeText().name(), new Cell("y".repeat(1_100_000), CellKind.STR));
                case CONTROL_CHAR -> r.cells.put(freeText().name(), new Cell("bell\u0007ring", CellKind.STR));
                case NUL_BYTE -> r.cells.put(freeText().name(), csv ? new Cell("nul\u0000byte", CellKind.RAW)
                        : new Cell("\"nul\u0000byte\"", CellKind.RAW));
                case INVALID_UTF8 -> r.cells.put(freeText().name(), new Cell("bad" + INVALID_UTF8_MARK + "utf",
                        CellKind.STR));
                case DATE_OUT_OF_RANGE -> {
                    RawField date = source.field("close_date").filter(f -> rng.nextBoolean()).orElse(ts);
                    String text = date.type() == FieldType.DATE ? config.deliveryDate().plusDays(4000).toString()
                            : rng.nextBoolean() ? "1999-12-31T23:59:59Z"
                            : config.deliveryDate().plusDays(5) + "T00:00:00Z";
                    r.cells.put(date.name(), new Cell(text, CellKind.STR));
                }
                case YEAR_0000 -> r.cells.put(ts.name(), new Cell("0000-01-01T00:00:00Z", CellKind.STR));
                case YEAR_10000 -> r.cells.put(ts.name(), new Cell("10000-01-01T00:00:00Z", CellKind.STR));
                case BAD_OFFSET -> r.cells.put(ts.name(), new Cell(day + pick(List.of("T10:00:00", "T10:00:00+25:00",
                        "T10:00:00+05:7", "T10:00:00+05:30:00", "T10:00:00 UTC")), CellKind.STR));
                case NEGATIVE -> {
                    RawField f = pick(source.fields().stream().filter(RawField::nonNegative).toList());
                    r.cells.put(f.name(), new Cell(f.type() == FieldType.MONEY ? "-12.50" : "-5", CellKind.NUM));
                }
                case UNKNOWN_VALUE -> {
                    RawField f = pick(source.fields().stream().filter(x -> !x.allowedValues().isEmpty()).toList());
                    String known = f.allowedValues().get(0);
                    r.cells.put(f.name(), new Cell(pick(List.of("Closed Won", "unknown_stage", known.toUpperCase(),
                            " " + known, "deferred")), CellKind.STR));
                }
                case MISSING_REQUIRED -> missingRequired(r);
                case INT_OVERFLOW -> {
                    RawField f = pick(source.fields().stream().filter(x -> x.type() == FieldType.INT).toList());
                    r.cells.put(f.name(), new Cell(rng.nextBoolean() ? "3000000000" : "99999999999999999999",
                            CellKind.NUM));
                }
                case MONEY_PRECISION -> {
                    RawField f = pick(source.fields().stream().filter(x -> x.type() == FieldType.MONEY).toList());
                    r.cells.put(f.name(), new Cell("12.345", CellKind.NUM));
                }
                case BAD_EMAIL -> {
                    RawField f = pick(source.fields().stream().filter(x -> x.type() == FieldType.EMAIL).toList());
                    r.cells.put(f.name(), new Cell(pick(List.of("not-an-email", "fz@nodot", "two@@at.com",
                            "sp ace@x.com")), CellKind.STR));
                }
                case BLANK_LINE -> {
                    return rng.nextBoolean() ? "" : "  \t ";
                }
                case JSON_ARRAY -> {
                    return "[" + encode(r, columns) + "]";
                }
                case DUPLICATE_JSON_KEY -> {
                    String line = encode(r, columns);
                    String k = source.keyFields().get(0);
                    return "{\"" + k + "\":\"first\"," + line.substring(1);
                }
                case DEEP_NESTING -> r.cells.put("nested_extra", new Cell("[".repeat(5000) + "]".repeat(5000),
                        CellKind.RAW));
                case LONE_SURROGATE -> r.cells.put(freeText().name(), new Cell("\"lone " + (rng.nextBoolean()
                        ? "\\ud800" : "\\udfff") + " surrogate\"", CellKind.RAW));
                case TRAILING_GARBAGE -> {
                    return encode(r, columns) + " {\"x\":1}";
                }
                case STRAY_QUOTE -> r.cells.put(freeText().name(), new Cell(rng.nextBoolean() ? "ab\"cd"
                        : "\"ab\"cd", CellKind.RAW));
                case EXTRA_CELLS -> {
                    return encode(r, columns) + ",x,y";
                }
                case BAD_MULTILINE -> {
                    multiline(r);
                    missingRequired(r);
                }
                default -> throw new IllegalStateException("Not a bad record kind: " + kind);
            }
            return encode(r, columns);
        }

        private void missingRequired(Rec r) {
            List<RawField> required = source.fields().stream().filter(RawField::required)
                    .filter(f -> !MULTILINE.equals(r.values[index(f.name())])).toList();
            RawField f = pick(required);
            if (!csv && rng.nextBoolean()) {
                r.cells.put(f.name(), new Cell("null", CellKind.RAW));
            } else {
                r.cells.remove(f.name());
            }
        }

        /** A free-text STRING field (no allowed-value set). */
        private RawField freeText() {
            return pick(source.fields().stream().filter(f -> f.type() == FieldType.STRING
                    && f.allowedValues().isEmpty()).toList());
        }

        private String encode(Rec r, List<String> columns) {
            return csv ? csvLine(r, columns) : jsonLine(r);
        }
    }

    private <T> T pick(List<T> items) {
        return items.get(rng.nextInt(items.size()));
    }

    private static String jsonLine(Rec r) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Cell> e : r.cells.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            Cell c = e.getValue();
            if (c.kind() == CellKind.STR) {
                jsonString(sb, c.text());
            } else {
                sb.append(c.text());
            }
        }
        return sb.append('}').toString();
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static String csvLine(Rec r, List<String> columns) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < columns.size(); j++) {
            if (j > 0) {
                sb.append(',');
            }
            Cell c = r.cells.get(columns.get(j));
            if (c == null) {
                continue; // empty cell = absent
            }
            String t = c.text();
            if (c.kind() == CellKind.STR && (t.indexOf(',') >= 0 || t.indexOf('"') >= 0 || t.indexOf('\n') >= 0
                    || t.indexOf('\r') >= 0)) {
                sb.append('"').append(t.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(t);
            }
        }
        return sb.toString();
    }

    private static byte[] replaceMark(byte[] b) {
        byte[] mark = String.valueOf(INVALID_UTF8_MARK).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + mark.length <= b.length; i++) {
            if (b[i] == mark[0] && b[i + 1] == mark[1] && b[i + 2] == mark[2]) {
                System.arraycopy(INVALID_UTF8_BYTES, 0, b, i, INVALID_UTF8_BYTES.length);
            }
        }
        return b;
    }
}
