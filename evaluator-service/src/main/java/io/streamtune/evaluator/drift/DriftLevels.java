package io.streamtune.evaluator.drift;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last published level of each task's signals, so that an event goes out when a level changes rather than at
 * every assessment. A signal never published is at {@link DriftLevel#NONE}. Call {@link #published} only once the
 * changes are really out (their transaction committed): an aborted publication then finds them changed again. Not
 * thread-safe.
 */
public final class DriftLevels {

    private final Map<String, Map<DriftSignalKind, DriftLevel>> levels = new HashMap<>();

    /** The last published level of {@code task}'s {@code kind} signal. */
    public DriftLevel last(String task, DriftSignalKind kind) {
        return levels.getOrDefault(task, Map.of()).getOrDefault(kind, DriftLevel.NONE);
    }

    /** The signals among {@code signals} whose level differs from the last published one. */
    public List<DriftSignal> changed(String task, List<DriftSignal> signals) {
        return signals.stream().filter(signal -> signal.level() != last(task, signal.kind())).toList();
    }

    /** Notes that {@code signals} of {@code task} were published. */
    public void published(String task, List<DriftSignal> signals) {
        Map<DriftSignalKind, DriftLevel> current = levels.computeIfAbsent(task,
                t -> new EnumMap<>(DriftSignalKind.class));
        signals.forEach(signal -> current.put(signal.kind(), signal.level()));
    }

    /** Forgets {@code task}, e.g. when it was deleted. */
    public void forget(String task) {
        levels.remove(task);
    }
}
