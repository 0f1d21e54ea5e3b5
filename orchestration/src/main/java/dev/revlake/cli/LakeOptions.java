package dev.revlake.cli;

import dev.revlake.lake.Lake;
import dev.revlake.lake.Locations;
import picocli.CommandLine.Option;

/** Where the lake and the landing zone are. */
final class LakeOptions {

    @Option(names = "--lake", paramLabel = "DIR|URI", defaultValue = "demo/lake",
            description = "Lake root: a local directory or s3a://, abfss://, hdfs:// URI (default: ${DEFAULT-VALUE}).")
    String lake;

    @Option(names = "--raw", paramLabel = "DIR|URI", defaultValue = "demo/raw",
            description = "Landing zone root with <source>/dt=YYYY-MM-DD/ folders (default: ${DEFAULT-VALUE}).")
    String raw;

    Lake lake() {
        return new Lake(Locations.normalize(lake));
    }

    String raw() {
        return Locations.normalize(raw);
    }
}
