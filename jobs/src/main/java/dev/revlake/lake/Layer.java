package dev.revlake.lake;

/** A layer of the lake; its name is the folder under the lake root. */
public enum Layer {
    /** Parsed and typed source records, one table per source, plus the quarantine. */
    BRONZE("bronze"),
    /** Clean, joined, identity-stitched entities and events. */
    SILVER("silver"),
    /** Features, metrics, scores and forecasts. */
    GOLD("gold"),
    /** Run, check and model bookkeeping. */
    OPS("ops");

    private final String folder;

    Layer(String folder) {
        this.folder = folder;
    }

    public String folder() {
        return folder;
    }
}
