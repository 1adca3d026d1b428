package io.streamtune.launcher.task;

import java.util.List;

/** A task command refused before writing anything: a spec with problems, a name taken or not found. */
public final class TaskRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public TaskRefusedException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public TaskRefusedException(String message) {
        this(message, List.of());
    }

    /** Every problem found, one per line when printed; empty when the message says it all. */
    public List<String> problems() {
        return problems;
    }
}
