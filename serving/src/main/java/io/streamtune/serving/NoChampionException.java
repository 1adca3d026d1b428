package io.streamtune.serving;

/**
 * Asked for an answer of a task that has no loaded champion: the task is unknown, has never had a promotion, or its
 * first champion is still loading. Servers map it to "not found" or "not ready"; the message says which.
 */
public final class NoChampionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String task;

    public NoChampionException(String task, String message) {
        super(message);
        this.task = task;
    }

    public String task() {
        return task;
    }
}
