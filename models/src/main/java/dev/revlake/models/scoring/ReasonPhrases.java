package dev.revlake.models.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The wording of reasons, from {@code reasons.properties}: {@code <column>} is the phrase for a
 * value ({@code {value}} is replaced), {@code <column>.missing} for no value, and
 * {@code <column>.true}/{@code .false} for booleans. A categorical column's phrase gets the category
 * as its value. Columns without a phrase (a user's own table) read "column name: value".
 */
public final class ReasonPhrases {

    private static final Properties PHRASES = load();

    private ReasonPhrases() {
    }

    /** The phrase for a numeric value ({@code NaN} = missing). */
    public static String numeric(String column, double value, boolean isBoolean) {
        if (Double.isNaN(value)) {
            return PHRASES.getProperty(column + ".missing", humanize(column) + ": none");
        }
        if (isBoolean) {
            String key = column + (value > 0.5 ? ".true" : ".false");
            return PHRASES.getProperty(key, humanize(column) + (value > 0.5 ? ": yes" : ": no"));
        }
        return phrase(column, format(value));
    }

    /** The phrase for a categorical value ({@code null} = missing). */
    public static String categorical(String column, String value) {
        if (value == null) {
            return PHRASES.getProperty(column + ".missing", humanize(column) + ": unknown");
        }
        return phrase(column, value);
    }

    private static String phrase(String column, String value) {
        String template = PHRASES.getProperty(column);
        return template == null ? humanize(column) + ": " + value : template.replace("{value}", value);
    }

    private static String humanize(String column) {
        return column.replace('_', ' ');
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = ReasonPhrases.class.getResourceAsStream("reasons.properties")) {
            if (in == null) {
                throw new IllegalStateException("reasons.properties is missing from the models jar");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read reasons.properties", e);
        }
        return p;
    }
}
