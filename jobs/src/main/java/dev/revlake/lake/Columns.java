package dev.revlake.lake;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/** A schema builder that documents every column (the description becomes the Delta column comment). */
public final class Columns {

    private StructType schema = new StructType();

    /** Adds a documented column. */
    public Columns add(String name, DataType type, boolean nullable, String description) {
        schema = schema.add(name, type, nullable, description);
        return this;
    }

    /** The schema built so far. */
    public StructType schema() {
        return schema;
    }
}
