package dev.revlake.raw;

import java.util.List;
import java.util.Objects;

/**
 * One field of the raw landing-zone contract: its name in the delivered file, its type, whether a
 * record without it is quarantined, the values it may take (empty = any) and whether it must not be
 * negative.
 *
 * @param name          field name exactly as delivered (JSON key or CSV header)
 * @param type          the type it must parse as
 * @param required      a record missing this field (or with an empty value) is quarantined
 * @param allowedValues accepted values for enumerations, compared case-sensitively; empty = any
 * @param nonNegative   numeric fields that must be {@code >= 0}
 */
public record RawField(String name, FieldType type, boolean required, List<String> allowedValues,
                       boolean nonNegative) {

    public RawField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Invalid raw field name: " + name);
        }
        allowedValues = List.copyOf(allowedValues);
        if (nonNegative && !(type == FieldType.LONG || type == FieldType.INT || type == FieldType.MONEY)) {
            throw new IllegalArgumentException("nonNegative applies to numbers only: " + name);
        }
    }

    public static RawField required(String name, FieldType type) {
        return new RawField(name, type, true, List.of(), false);
    }

    public static RawField optional(String name, FieldType type) {
        return new RawField(name, type, false, List.of(), false);
    }

    public static RawField requiredOneOf(String name, String... values) {
        return new RawField(name, FieldType.STRING, true, List.of(values), false);
    }

    public static RawField optionalOneOf(String name, String... values) {
        return new RawField(name, FieldType.STRING, false, List.of(values), false);
    }

    /** Same field, but negative numbers are quarantined. */
    public RawField notNegative() {
        return new RawField(name, type, required, allowedValues, true);
    }
}
