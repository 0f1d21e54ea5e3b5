package dev.revlake.privacy;

import java.io.Serializable;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every identifier of the person being erased, and the tests that find them in values and text.
 * Never logged or printed: only its counts are.
 *
 * @param emails       normalized e-mail addresses (trimmed, lower case)
 * @param contactIds   CRM contact and lead ids
 * @param anonymousIds browser ids linked to the person by the identity map or their own events
 */
public record Subject(Set<String> emails, Set<String> contactIds, Set<String> anonymousIds) implements Serializable {

    /** Characters that may continue an id: a match must not be followed or preceded by one. */
    private static final String ID_CHAR = "[A-Za-z0-9_-]";

    public Subject {
        emails = Set.copyOf(emails);
        contactIds = Set.copyOf(contactIds);
        anonymousIds = Set.copyOf(anonymousIds);
    }

    /** Whether nothing identifies the person in the lake. */
    public boolean isEmpty() {
        return emails.isEmpty() && contactIds.isEmpty() && anonymousIds.isEmpty();
    }

    /** Whether a stored e-mail value is one of the person's (compared in normal form). */
    public boolean isEmail(String value) {
        return value != null && emails.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether a value is one of the person's contact ids. */
    public boolean isContactId(String value) {
        return value != null && contactIds.contains(value);
    }

    /** Whether a value is one of the person's browser ids. */
    public boolean isAnonymousId(String value) {
        return value != null && anonymousIds.contains(value);
    }

    /** Whether a value is any id of the person (contact or browser). */
    public boolean isId(String value) {
        return isContactId(value) || isAnonymousId(value);
    }

    /**
     * A matcher for free text (raw records, JSON, CSV lines): an e-mail anywhere, in any case, or an
     * id as a whole token, so that {@code c-12} does not match inside {@code c-123}.
     */
    public TextMatcher textMatcher() {
        return new TextMatcher(this);
    }

    /** Finds the person in free text. Serializable, so Spark can ship it inside a UDF. */
    public static final class TextMatcher implements Serializable {

        private static final long serialVersionUID = 1L;

        private final Set<String> emails;
        private final Pattern ids;

        TextMatcher(Subject s) {
            this.emails = Set.copyOf(s.emails());
            Set<String> all = new TreeSet<>(s.contactIds());
            all.addAll(s.anonymousIds());
            this.ids = all.isEmpty() ? null : Pattern.compile("(?<!" + ID_CHAR + ")(?:"
                    + all.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")(?!" + ID_CHAR + ")");
        }

        /** Whether the text names the person. */
        public boolean mentions(String text) {
            if (text == null) {
                return false;
            }
            if (!emails.isEmpty()) {
                String lower = text.toLowerCase(Locale.ROOT);
                for (String e : emails) {
                    if (lower.contains(e)) {
                        return true;
                    }
                }
            }
            return ids != null && ids.matcher(text).find();
        }
    }
}
