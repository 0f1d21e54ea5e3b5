package dev.revlake.bronze.parse;

import dev.revlake.bronze.parse.FieldConverter.Column;
import dev.revlake.raw.Source;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Parses one raw landing file of a {@link Source} into {@link ParsedRecord}s.
 *
 * <p>Immutable and {@link Serializable}, so a Spark job can build it once on the driver and use it
 * inside a {@code flatMap}; each {@link #parse} call keeps its own scratch state, so one instance may
 * serve several threads.
 *
 * <p>The delivery date bounds plausible values: timestamps up to the end of delivery date + 2 days,
 * dates up to delivery date + 3660 days, both from 2000-01-01.
 */
public final class RawFileParser implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Source source;
    private final LocalDate deliveryDate;
    private final List<Column> columns;
    private final HashMap<String, Integer> index;
    private final FieldConverter converter;

    public RawFileParser(Source source, LocalDate deliveryDate) {
        this.source = Objects.requireNonNull(source, "source");
        this.deliveryDate = Objects.requireNonNull(deliveryDate, "deliveryDate");
        this.columns = FieldConverter.columns(source.fields());
        this.index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).name(), i);
        }
        this.converter = new FieldConverter(deliveryDate);
    }

    public Source source() {
        return source;
    }

    public LocalDate deliveryDate() {
        return deliveryDate;
    }

    /**
     * Parses one whole file; calls {@code sink} once per record, in file order. Never throws on bad
     * content: every problem becomes a {@link ParsedRecord.Bad}.
     *
     * @return the names of fields the contract does not know that the file's records carried (schema
     *         drift, kept in {@code _extra_fields}), sorted, each once, at most 50; names only, no values
     */
    public List<String> parse(byte[] content, Consumer<ParsedRecord> sink) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(sink, "sink");
        RecordAssembler record = new RecordAssembler(columns, converter);
        ParseFormat format = switch (source.format()) {
            case JSONL -> new JsonlParser(index, record);
            case CSV -> new CsvParser(index, columns, record);
        };
        format.parse(content, bomLength(content), sink);
        return record.extraNames();
    }

    /** Same as {@link #parse}, also counting what went where. */
    public FileParseStats parseAll(byte[] content, Consumer<ParsedRecord> sink) {
        long[] counts = new long[2];
        parse(content, r -> {
            counts[r instanceof ParsedRecord.Good ? 0 : 1]++;
            sink.accept(r);
        });
        return new FileParseStats(counts[0] + counts[1], counts[0], counts[1]);
    }

    private static int bomLength(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
    }
}
