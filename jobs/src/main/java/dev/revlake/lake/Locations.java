package dev.revlake.lake;

import java.nio.file.Path;

/** Turns user-given locations into ones Spark and Hadoop resolve the same way from any directory. */
public final class Locations {

    private Locations() {
    }

    /**
     * A URI with a scheme ({@code s3a://b/lake}, {@code file:/x}) is kept; a local path becomes
     * absolute, so relative paths mean the same thing to the driver and to Delta.
     */
    public static String normalize(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("Invalid location: empty");
        }
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return location;
        }
        return Path.of(location).toAbsolutePath().normalize().toString();
    }
}
