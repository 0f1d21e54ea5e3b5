package dev.revlake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.revlake.raw.Source;

/**
 * The floor for ingest: the JSON Lines files of a date range parsed by a bare Jackson streaming
 * loop (read the file, one parser per line as a line-isolating ingest needs, every token and the
 * text of every value, no validation, nothing kept). One thread per core over the files, as the
 * ingest has every core too.
 */
public final class JacksonFloor {

    /**
     * What a parse did.
     *
     * @param files     files parsed
     * @param bytes     their size
     * @param records   non-blank lines parsed
     * @param malformed of those, lines Jackson rejected (the simulator's injected dirt)
     * @param seconds   wall seconds of the best round
     * @param threads   threads used
     */
    public record Result(int files, long bytes, long records, long malformed, double seconds, int threads) {
        /** Records per second. */
        public double recordsPerSecond() {
            return seconds <= 0 ? 0 : records / seconds;
        }
    }

    /** Rounds run; the first warms the JIT up, the fastest counts. */
    static final int ROUNDS = 2;

    private JacksonFloor() {
    }

    /** The JSON Lines files of every JSON Lines source in {@code raw/<source>/dt=<from..to>/}. */
    public static List<Path> files(Path rawRoot, LocalDate from, LocalDate to) {
        List<Path> files = new ArrayList<>();
        for (Source source : Source.values()) {
            if (source.format() != Source.Format.JSONL) {
                continue;
            }
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                Path dir = rawRoot.resolve(source.id()).resolve("dt=" + d);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> list = Files.list(dir)) {
                    list.filter(p -> p.getFileName().toString().endsWith("." + Source.Format.JSONL.extension()))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
                }
            }
        }
        return files;
    }

    /** Parses the files {@link #ROUNDS} times with {@code threads} threads and keeps the fastest round. */
    public static Result run(List<Path> files, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Invalid threads: " + threads);
        }
        Result best = null;
        for (int round = 0; round < ROUNDS; round++) {
            Result r = round(files, threads);
            if (best == null || r.seconds() < best.seconds()) {
                best = r;
            }
        }
        return best;
    }

    private static Result round(List<Path> files, int threads) {
        JsonFactory factory = new JsonFactory();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try {
            List<Future<long[]>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> {
                    long[] totals = new long[4]; // bytes, records, malformed, value chars
                    for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                        parse(factory, Files.readAllBytes(files.get(i)), totals);
                    }
                    return totals;
                }));
            }
            long[] sum = new long[4];
            for (Future<long[]> f : parts) {
                long[] t = f.get();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += t[i];
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(files.size(), sum[0], sum[1], sum[2], seconds, threads);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UncheckedIOException("Cannot read the raw JSON Lines files: " + cause.getMessage(),
                    cause instanceof IOException io ? io : new IOException(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while parsing the raw files", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One parser per line, so that a malformed line costs only itself (as in the ingest). */
    static void parse(JsonFactory factory, byte[] content, long[] totals) {
        totals[0] += content.length;
        int start = 0;
        while (start < content.length) {
            int nl = start;
            while (nl < content.length && content[nl] != '\n') {
                nl++;
            }
            if (!blank(content, start, nl)) {
                totals[1]++;
                try (JsonParser p = factory.createParser(content, start, nl - start)) {
                    JsonToken t;
                    while ((t = p.nextToken()) != null) {
                        if (t.isScalarValue()) {
                            totals[3] += p.getText().length(); // used, so the JIT cannot drop the work
                        }
                    }
                } catch (IOException e) {
                    totals[2]++;
                }
            }
            start = nl + 1;
        }
    }

    private static boolean blank(byte[] content, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = content[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
