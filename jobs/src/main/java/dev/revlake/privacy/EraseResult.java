package dev.revlake.privacy;

import java.util.Map;

/**
 * What an erasure did (or, for a dry run, would do), in counts only.
 *
 * @param erasureId            id of the audit row in {@code ops_erasures}; null for a dry run
 * @param contactIds           contact and lead ids resolved
 * @param anonymousIds         browser ids resolved
 * @param emails               e-mail addresses resolved
 * @param rowsDeletedByTable   table name to rows deleted (tables without the person are absent)
 * @param rowsUnlinkedByTable  table name to rows kept with the person's contact_id set to null
 * @param rawFilesRewritten    landing files rewritten
 * @param exportFilesRewritten CRM export files rewritten
 * @param modelFilesRewritten  model registry files rewritten
 * @param tablesVacuumed       tables vacuumed
 * @param retainHours          the VACUUM retention, null for the tables' own
 * @param dryRun               whether nothing was changed
 */
public record EraseResult(String erasureId, int contactIds, int anonymousIds, int emails,
                          Map<String, Long> rowsDeletedByTable, Map<String, Long> rowsUnlinkedByTable,
                          int rawFilesRewritten, int exportFilesRewritten, int modelFilesRewritten, int tablesVacuumed,
                          Double retainHours, boolean dryRun) {

    public EraseResult {
        rowsDeletedByTable = Map.copyOf(rowsDeletedByTable);
        rowsUnlinkedByTable = Map.copyOf(rowsUnlinkedByTable);
    }

    /** Rows deleted over all tables. */
    public long rowsDeleted() {
        return rowsDeletedByTable.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rows whose contact_id was set to null over all tables. */
    public long rowsUnlinked() {
        return rowsUnlinkedByTable.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether nothing anywhere named the person. */
    public boolean nothingFound() {
        return contactIds == 0 && anonymousIds == 0 && rowsDeleted() == 0 && rowsUnlinked() == 0
                && rawFilesRewritten == 0 && exportFilesRewritten == 0 && modelFilesRewritten == 0;
    }
}
