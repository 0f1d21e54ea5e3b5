package dev.revlake.lake;

import java.util.Objects;

/**
 * Where the lake lives: a local directory or a cluster file system URI ({@code s3a://bucket/lake},
 * {@code abfss://...}). Table paths are {@code <root>/<layer>/<table>}.
 *
 * @param root the lake root, without a trailing slash
 */
public record Lake(String root) {

    public Lake {
        Objects.requireNonNull(root, "root");
        if (root.isBlank()) {
            throw new IllegalArgumentException("Invalid lake root: empty");
        }
        while (root.length() > 1 && root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
    }

    /** The location of a table. */
    public String path(TableContract table) {
        return root + "/" + table.layer().folder() + "/" + table.name();
    }
}
