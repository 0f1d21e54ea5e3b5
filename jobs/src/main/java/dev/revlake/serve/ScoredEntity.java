package dev.revlake.serve;

import dev.revlake.export.ExportView;

/** The two kinds of scored entities the API serves, with their path segment and id column. */
public enum ScoredEntity {

    /** Leads, by {@code contact_id}. */
    LEADS("leads", "lead", ExportView.LEAD_SCORES),

    /** Open opportunities, by {@code opportunity_id}. */
    OPPORTUNITIES("opportunities", "opportunity", ExportView.OPPORTUNITY_SCORES);

    private final String segment;
    private final String noun;
    private final ExportView view;

    ScoredEntity(String segment, String noun, ExportView view) {
        this.segment = segment;
        this.noun = noun;
        this.view = view;
    }

    /** The path segment under {@code /v1}. */
    public String segment() {
        return segment;
    }

    /** Singular noun used in messages ("Unknown lead: X"). */
    public String noun() {
        return noun;
    }

    /** The export view: table, id column and compared columns. */
    public ExportView view() {
        return view;
    }

    /** The id column. */
    public String idColumn() {
        return view.entityKey().get(0);
    }

    /** The entity of a path segment, or null. */
    public static ScoredEntity ofSegment(String segment) {
        for (ScoredEntity e : values()) {
            if (e.segment.equals(segment)) {
                return e;
            }
        }
        return null;
    }
}
