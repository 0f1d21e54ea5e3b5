package dev.revlake.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkSessions;

/**
 * What the first cell of a RevLake notebook needs: the lake to read and a Spark session set up as
 * the jobs set it up (Delta, UTC, adaptive execution, few partitions).
 */
public final class Notebooks {

    /** Environment variable naming the lake a notebook reads. */
    public static final String LAKE_VARIABLE = "REVLAKE_LAKE";
    /** The lake of {@code ./revlake demo}, seen from {@code notebooks-java/}. */
    public static final String DEMO_LAKE = "../demo/lake";

    private Notebooks() {
    }

    /** The lake in {@code $REVLAKE_LAKE}, else the demo's; a clear error when it has no tables. */
    public static Lake lake() {
        String root = System.getenv().getOrDefault(LAKE_VARIABLE, DEMO_LAKE);
        if (!root.contains("://") && !Files.isDirectory(Path.of(root))) {
            throw new MissingDataException(String.format("No lake at %s (from $%s, default %s): run ./revlake demo"
                    + " first, or set %s to a lake folder.", Path.of(root).toAbsolutePath().normalize(),
                    LAKE_VARIABLE, DEMO_LAKE, LAKE_VARIABLE));
        }
        return new Lake(root.contains("://") ? root : Path.of(root).toAbsolutePath().normalize().toString());
    }

    /**
     * A local Spark session for a notebook. The Java kernel sets the {@code java.util.logging} root
     * logger to FINEST, which breaks Spark's code generation, so the root goes back to INFO before
     * Spark starts.
     */
    public static SparkSession spark() {
        java.util.logging.Logger.getLogger("").setLevel(Level.INFO);
        return SparkSessions.getOrCreate("revlake-notebook", 4);
    }
}
