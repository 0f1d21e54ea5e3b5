package dev.revlake.bench;

import java.util.Locale;

/** Company sizes of {@code revlake bench --preset}. */
public enum Preset {
    /** A run of a minute or two, for trying the command out. */
    QUICK(2_000, 60),
    /** The smallest of the scaling figures. */
    SMALL(10_000, 180),
    /** The size issue 9's targets are set for. */
    DEFAULT(100_000, 180),
    /** The largest of the scaling figures. */
    LARGE(300_000, 180);

    private final int contacts;
    private final int days;

    Preset(int contacts, int days) {
        this.contacts = contacts;
        this.days = days;
    }

    /** Simulated contacts. */
    public int contacts() {
        return contacts;
    }

    /** Simulated days. */
    public int days() {
        return days;
    }

    /** The name on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset of a command-line name. */
    public static Preset parse(String text) {
        for (Preset p : values()) {
            if (p.id().equals(text.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("Invalid preset: '" + text + "' (quick, small, default or large)");
    }
}
