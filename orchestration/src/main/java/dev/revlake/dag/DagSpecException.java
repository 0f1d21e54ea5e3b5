package dev.revlake.dag;

/** A DAG file that cannot run as written; the message names the file, the DAG and the task. */
public final class DagSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    DagSpecException(String file, String dag, String task, String problem) {
        super(file + (dag == null ? "" : ", DAG " + dag) + (task == null ? "" : ", task " + task) + ": " + problem);
    }
}
