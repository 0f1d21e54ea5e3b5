package dev.revlake.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.sql.Row;

/**
 * Turns a partition's rows into batches, scores each batch with one model call and hands the
 * results on lazily: a partition is never held in memory whole.
 */
abstract class Batched implements Iterator<Row> {

    private final Iterator<Row> input;
    private final int size;
    private Iterator<Row> current = Collections.emptyIterator();

    Batched(Iterator<Row> input, int size) {
        this.input = input;
        this.size = size;
    }

    /** The output rows of one batch of input rows. */
    abstract List<Row> score(List<Row> batch);

    @Override
    public boolean hasNext() {
        while (!current.hasNext() && input.hasNext()) {
            List<Row> batch = new ArrayList<>(size);
            while (input.hasNext() && batch.size() < size) {
                batch.add(input.next());
            }
            current = score(batch).iterator();
        }
        return current.hasNext();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
