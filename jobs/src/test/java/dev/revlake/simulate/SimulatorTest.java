package dev.revlake.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revlake.raw.RawField;
import dev.revlake.raw.Source;
import dev.revlake.simulate.RawFileChecker.Parsed;
import dev.revlake.simulate.RawFileChecker.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the simulator on a tiny market and checks its output against the contract and itself. */
class SimulatorTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final double DIRT = 0.03;

    @TempDir
    static Path tmp;

    private static SimulationSummary summary;
    private static Path raw;
    private static Path truth;

    @BeforeAll
    static void simulate() {
        raw = tmp.resolve("main/raw");
        truth = tmp.resolve("main/truth");
        List<Integer> days = new ArrayList<>();
        summary = new Simulator(new SimulatorConfig(400, 30, START, 7L, raw, truth, DIRT))
                .run((day, date, records) -> days.add(day));
        assertThat(days).hasSize(30).startsWith(0).endsWith(29);
    }

    private static SimulationSummary run(String name, int contacts, int days, long seed) {
        return new Simulator(new SimulatorConfig(contacts, days, START, seed, tmp.resolve(name + "/raw"),
                tmp.resolve(name + "/truth"), 0.02)).run(ProgressListener.NONE);
    }

    @Test
    void sameSeedGivesIdenticalFilesAndOtherSeedDoesNot() throws IOException {
        run("a", 200, 20, 11L);
        run("b", 200, 20, 11L);
        run("c", 200, 20, 12L);
        Map<String, byte[]> a = tree(tmp.resolve("a"));
        Map<String, byte[]> b = tree(tmp.resolve("b"));
        Map<String, byte[]> c = tree(tmp.resolve("c"));
        assertThat(a).hasSizeGreaterThan(8 * 20);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String file : a.keySet()) {
            assertThat(b.get(file)).as(file).isEqualTo(a.get(file));
        }
        String pageviews = "raw/web_pageviews/dt=2026-01-05/part-00000.jsonl";
        assertThat(c.get(pageviews)).isNotEqualTo(a.get(pageviews));
        assertThat(c.get("truth/opportunities.csv")).isNotEqualTo(a.get("truth/opportunities.csv"));
    }

    @Test
    void layoutAndCsvHeadersFollowTheContract() throws IOException {
        for (Source s : Source.values()) {
            for (int d = 0; d < 30; d++) {
                Path file = raw.resolve(s.id()).resolve("dt=" + START.plusDays(d))
                        .resolve("part-00000." + s.format().extension());
                assertThat(file).exists();
                if (s.format() == Source.Format.CSV) {
                    String header = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
                    assertThat(header).isEqualTo(s.fields().stream().map(RawField::name)
                            .collect(Collectors.joining(",")));
                }
            }
            assertThat(summary.recordsBySource().get(s)).as(s.id()).isPositive();
        }
        byte[] any = Files.readAllBytes(raw.resolve("email_events/dt=2026-01-06/part-00000.jsonl"));
        assertThat(new String(any, StandardCharsets.UTF_8)).doesNotContain("\r").endsWith("\n");
    }

    @Test
    void cleanRecordsAreValidAndEveryManifestEntryIsReallyDirty() throws IOException {
        Map<String, Map<Long, String>> manifest = manifest();
        long dirtEntries = manifest.values().stream().mapToLong(Map::size).sum();
        long records = 0;
        Map<String, Long> checkedKinds = new HashMap<>();
        for (Source s : Source.values()) {
            Set<String> keys = new HashSet<>();
            for (Path file : files(s)) {
                String rel = raw.relativize(file).toString().replace('\\', '/');
                LocalDate dt = LocalDate.parse(file.getParent().getFileName().toString().substring(3));
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                Map<Long, String> dirty = manifest.getOrDefault(rel, Map.of());
                int first = s.format() == Source.Format.CSV ? 1 : 0;
                for (int i = first; i < lines.size(); i++) {
                    long lineNo = i + 1;
                    records++;
                    Parsed p = s.isEventStream() ? RawFileChecker.parseJson(s, lines.get(i))
                            : RawFileChecker.parseCsv(s, lines.get(i));
                    String kind = dirty.get(lineNo);
                    String where = rel + ":" + lineNo + " " + kind + " " + lines.get(i);
                    if (kind == null) {
                        assertThat(p.problems()).as(where).isEmpty();
                        assertThat(recordDate(s, p)).as(where).isBeforeOrEqualTo(dt);
                        if (s.isEventStream()) {
                            assertThat(recordDate(s, p)).as(where).isEqualTo(dt);
                        }
                        assertThat(keys.add(key(s, p))).as("unexpected duplicate " + where).isTrue();
                        continue;
                    }
                    checkedKinds.merge(kind, 1L, Long::sum);
                    switch (kind) {
                        case "malformed" -> assertThat(p.problems()).as(where).containsExactly(Problem.MALFORMED);
                        case "missing_required" -> assertThat(p.problems()).as(where)
                                .contains(Problem.MISSING_REQUIRED);
                        case "wrong_type" -> assertThat(p.problems()).as(where).contains(Problem.WRONG_TYPE);
                        case "unknown_event_type" -> assertThat(p.problems()).as(where).contains(Problem.BAD_ENUM);
                        case "unexpected_field" -> assertThat(p.problems()).as(where)
                                .containsExactly(Problem.UNEXPECTED_FIELD);
                        case "other_offset" -> assertThat(p.problems()).as(where).containsExactly(Problem.NON_UTC);
                        case "messy_email" -> assertThat(p.problems()).as(where).containsExactly(Problem.MESSY_EMAIL);
                        case "late" -> {
                            assertThat(p.problems()).as(where).isEmpty();
                            assertThat(recordDate(s, p)).as(where).isBefore(dt);
                            assertThat(keys.add(key(s, p))).as(where).isTrue();
                        }
                        case "duplicate" -> {
                            assertThat(p.problems()).as(where).isEmpty();
                            assertThat(keys).as("duplicate of an earlier record " + where).contains(key(s, p));
                        }
                        default -> throw new AssertionError("unknown dirt kind " + where);
                    }
                    if (!kind.equals("late") && !kind.equals("duplicate")) {
                        boolean quarantine = DirtKind.valueOf(kind.toUpperCase()).expectQuarantine();
                        assertThat(p.valid()).as(where).isEqualTo(!quarantine);
                    }
                }
            }
        }
        assertThat(checkedKinds.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(dirtEntries);
        assertThat(checkedKinds.keySet()).containsExactlyInAnyOrderElementsOf(
                Stream.of(DirtKind.values()).map(DirtKind::id).toList());
        assertThat(records).isEqualTo(summary.totalRecords());
        assertThat(summary.totalDirt()).isEqualTo(dirtEntries);
        double rate = (double) dirtEntries / records;
        assertThat(rate).isBetween(DIRT * 0.7, DIRT * 1.3);
    }

    @Test
    void funnelRatesArePlausible() throws IOException {
        Map<String, Long> email = new HashMap<>();
        for (Path file : files(Source.EMAIL_EVENTS)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Parsed p = RawFileChecker.parseJson(Source.EMAIL_EVENTS, line);
                if (p.valid()) {
                    email.merge(p.values().get("event_type"), 1L, Long::sum);
                }
            }
        }
        double delivered = email.get("delivered");
        assertThat(email.get("open") / delivered).as("open rate").isBetween(0.12, 0.35);
        assertThat(email.get("click") / delivered).as("click rate").isBetween(0.005, 0.06);
        assertThat(email.get("bounce") / (double) email.get("sent")).as("bounce rate").isBetween(0.003, 0.04);

        List<String[]> opps = csv(Files.readAllLines(truth.resolve("opportunities.csv")));
        assertThat(opps).hasSizeGreaterThan(10);
        double won = opps.stream().filter(r -> r[4].equals("true")).count() / (double) opps.size();
        assertThat(won).as("win rate").isBetween(0.08, 0.5);
        assertThat(summary.opportunitiesCreated()).isEqualTo(opps.size());

        List<String[]> rows = leadRows();
        long leads = rows.stream().map(r -> r[1]).distinct().count();
        long converted = rows.stream().filter(r -> !r[6].isEmpty()).map(r -> r[1]).distinct().count();
        assertThat(converted / (double) leads).as("lead to opportunity within 30 days").isBetween(0.01, 0.3);
    }

    @Test
    void truthProbabilitiesAreProbabilitiesAndHigherForConverters() throws IOException {
        List<String[]> rows = leadRows();
        assertThat(rows).isNotEmpty();
        double sumYes = 0;
        double sumNo = 0;
        long yes = 0;
        long no = 0;
        for (String[] r : rows) {
            double p = Double.parseDouble(r[4]);
            assertThat(p).isBetween(0.0, 1.0);
            if (r[5].equals("true")) {
                sumYes += p;
                yes++;
            } else if (r[5].equals("false")) {
                sumNo += p;
                no++;
            }
        }
        assertThat(yes).isPositive();
        assertThat(sumYes / yes).isGreaterThan(1.5 * sumNo / no);
        // No row once the CRM says the person converted (initial load included).
        Map<String, LocalDate> convertedOn = new HashMap<>();
        for (Path file : files(Source.CRM_CONTACTS)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                Parsed p = RawFileChecker.parseCsv(Source.CRM_CONTACTS, lines.get(i));
                if (p.valid() && p.values().containsKey("converted_at")) {
                    convertedOn.merge(p.values().get("contact_id"), recordDate(p.values().get("converted_at")),
                            (x, y) -> x.isBefore(y) ? x : y);
                }
            }
        }
        assertThat(convertedOn.values()).anyMatch(d -> d.isBefore(START));
        for (String[] r : rows) {
            LocalDate converted = convertedOn.get(r[1]);
            if (converted != null) {
                assertThat(LocalDate.parse(r[0])).as(String.join(",", r)).isBefore(converted);
                assertThat(r[6]).isEqualTo(converted.toString());
            }
        }
        for (String[] r : csv(Files.readAllLines(truth.resolve("opportunities.csv")))) {
            assertThat(Double.parseDouble(r[3])).isBetween(0.0, 1.0);
            assertThat(LocalDate.parse(r[6])).isAfter(LocalDate.parse(r[5]));
        }
    }

    @Test
    void opportunitiesCloseInTheSnapshotAsTheTruthSays() throws IOException {
        Map<String, String> closing = new HashMap<>();
        Set<String> seen = new HashSet<>();
        Map<String, Map<Long, String>> manifest = manifest();
        for (Path file : files(Source.CRM_OPPORTUNITIES)) {
            Map<Long, String> dirty = manifest.getOrDefault(raw.relativize(file).toString().replace('\\', '/'),
                    Map.of());
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                Parsed p = RawFileChecker.parseCsv(Source.CRM_OPPORTUNITIES, lines.get(i));
                if (dirty.containsKey(i + 1L)) {
                    continue; // duplicates would repeat a closed row on purpose
                }
                String id = p.values().get("opportunity_id");
                assertThat(closing).as("closed opportunities are not repeated: " + id).doesNotContainKey(id);
                seen.add(id);
                if (p.values().get("is_closed").equals("true")) {
                    closing.put(id, p.values().get("snapshot_date") + "|" + p.values().get("is_won") + "|"
                            + p.values().get("stage"));
                }
            }
        }
        long closedInTruth = 0;
        for (String[] r : csv(Files.readAllLines(truth.resolve("opportunities.csv")))) {
            assertThat(seen).as("every opportunity appears in a snapshot").contains(r[0]);
            assertThat(LocalDate.parse(r[6])).isAfterOrEqualTo(START);
            if (r[7].equals("true")) {
                closedInTruth++;
                assertThat(closing.get(r[0])).as(r[0])
                        .isEqualTo(r[6] + "|" + r[4] + "|" + (r[4].equals("true") ? "closed_won" : "closed_lost"));
            } else {
                assertThat(closing).doesNotContainKey(r[0]);
            }
        }
        assertThat(closedInTruth).isEqualTo(summary.opportunitiesWon() + summary.opportunitiesLost()).isPositive();
    }

    // ------------------------------------------------------------------ helpers

    private static LocalDate recordDate(Source s, Parsed p) {
        return recordDate(p.values().get(s.recordTimeField()));
    }

    private static LocalDate recordDate(String v) {
        return v.length() == 10 ? LocalDate.parse(v)
                : OffsetDateTime.parse(v).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    private static String key(Source s, Parsed p) {
        return s.keyFields().stream().map(k -> p.values().get(k)).collect(Collectors.joining("|"));
    }

    private static List<Path> files(Source s) throws IOException {
        try (Stream<Path> walk = Files.walk(raw.resolve(s.id()))) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Map<String, Map<Long, String>> manifest() throws IOException {
        Map<String, Map<Long, String>> m = new HashMap<>();
        List<String> lines = Files.readAllLines(truth.resolve("dirt.csv"));
        assertThat(lines.get(0)).isEqualTo("source,dt,file,line,kind,expect_quarantine");
        for (String[] r : csv(lines)) {
            assertThat(r[4]).isNotNull();
            assertThat(Boolean.parseBoolean(r[5])).isEqualTo(DirtKind.valueOf(r[4].toUpperCase()).expectQuarantine());
            assertThat(r[2]).startsWith(r[0] + "/dt=" + r[1] + "/");
            String previous = m.computeIfAbsent(r[2], k -> new HashMap<>()).put(Long.parseLong(r[3]), r[4]);
            assertThat(previous).as("one dirt entry per line").isNull();
        }
        return m;
    }

    private static List<String[]> csv(List<String> lines) {
        return lines.stream().skip(1).map(l -> l.split(",", -1)).toList();
    }

    private static List<String[]> leadRows() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(truth.resolve("lead_conversion_daily.csv.gz"))), StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo(
                    "date,contact_id,account_id,intent_state,p_convert_30d,converted_within_30d,converted_date");
            return r.lines().map(l -> l.split(",", -1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> m = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return m;
    }
}
