package dev.revlake.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a secret (API token, database password) from a file or an environment variable — never
 * from a command-line value, which every user of the machine sees in {@code ps}. Messages name the
 * file or the variable, never the secret.
 */
final class Secrets {

    /** Larger files are not secrets but mistakes (a key store, a log). */
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private Secrets() {
    }

    /**
     * The secret: the file's content (surrounding white space removed) when a file is given, else the
     * environment variable's value; null when neither is set.
     *
     * @param option   the option naming the file, for messages ({@code --token-file})
     */
    static String read(Path file, String option, String variable, Map<String, String> env) {
        if (file == null) {
            String value = env.get(variable);
            return value == null || value.isBlank() ? null : value.strip();
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("Invalid " + option + " " + file + ": larger than "
                        + MAX_FILE_BYTES / 1024 + " KiB, not a secret");
            }
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("Invalid " + option + " " + file + ": the file is empty");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + option + " " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
