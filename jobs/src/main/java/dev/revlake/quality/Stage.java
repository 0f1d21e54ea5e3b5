package dev.revlake.quality;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The pipeline stage whose tables a check run looks at. */
public enum Stage {
    BRONZE, SILVER, GOLD, SCORES;

    /** The lower-case name used on the command line and in {@code ops_quality_checks.stage}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stage named {@code text}, or an {@link IllegalArgumentException} naming the valid ones. */
    public static Stage of(String text) {
        for (Stage s : values()) {
            if (s.id().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Invalid stage: " + text + " (expected one of "
                + Arrays.stream(values()).map(Stage::id).collect(Collectors.joining(", ")) + ")");
    }
}
