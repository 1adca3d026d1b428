package io.streamtune.evaluator.drift;

import io.streamtune.evaluator.scoring.Scoring;
import io.streamtune.evaluator.validation.ValidationSet;
import io.streamtune.schemas.DriftEvent;
import io.streamtune.schemas.LabeledExample;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The evaluator's drift signals for every task, without Kafka: follows each task's validation labels, computes the
 * signals at an evaluation (from the champion's predictions that evaluation already made) and says which
 * {@link DriftEvent}s to publish: one per signal whose level changed since the last publication. Not thread-safe:
 * the service loop owns it.
 */
public final class DriftWatch {

    private final DriftSettings settings;
    private final Map<String, DriftMonitor> monitors = new HashMap<>();
    private final DriftLevels levels = new DriftLevels();

    public DriftWatch(DriftSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * What one assessment found.
     *
     * @param task    the task
     * @param signals every signal that could be computed (for the metrics)
     * @param changed those whose level changed, to publish
     * @param events  the events of {@code changed}, in the same order
     */
    public record Assessment(String task, List<DriftSignal> signals, List<DriftSignal> changed,
            List<DriftEvent> events) {

        /** Nothing assessed (no evaluation took place). */
        public static Assessment none(String task) {
            return new Assessment(task, List.of(), List.of(), List.of());
        }
    }

    /** Follows one validation example the evaluator accepted (held in its task's validation set). */
    public void observe(LabeledExample example) {
        monitors.computeIfAbsent(example.getTask(), task -> new DriftMonitor(settings))
                .observeLabel(example.getLabel());
    }

    /**
     * The task's signals now.
     *
     * @param checkpointId    the checkpoint being evaluated
     * @param championVersion the champion ({@code null}: the base model)
     * @param champion        the champion's scoring on {@code validation}, or {@code null} when it was not scored
     */
    public Assessment assess(String task, String checkpointId, String championVersion, Scoring champion,
            ValidationSet validation, Instant at) {
        DriftMonitor monitor = monitors.computeIfAbsent(task, t -> new DriftMonitor(settings));
        ChampionConfidence confidence = ChampionConfidence.of(champion, validation, settings.windowSize())
                .orElse(null);
        List<DriftSignal> signals = confidence == null ? monitor.assess(null, null, 0)
                : monitor.assess(confidence.window(), confidence.reference(), confidence.classes());
        List<DriftSignal> changed = levels.changed(task, signals);
        List<DriftEvent> events = changed.stream()
                .map(signal -> event(task, signal, checkpointId, championVersion, at)).toList();
        return new Assessment(task, signals, changed, events);
    }

    /** Notes that {@code assessment}'s events were published (their transaction committed). */
    public void published(Assessment assessment) {
        if (assessment.changed().isEmpty()) {
            return;
        }
        levels.published(assessment.task(), assessment.changed());
    }

    /** Forgets {@code task}'s labels and levels, e.g. when it was deleted. */
    public void forget(String task) {
        monitors.remove(task);
        levels.forget(task);
    }

    private DriftEvent event(String task, DriftSignal signal, String checkpointId, String championVersion,
            Instant at) {
        return DriftEvent.newBuilder()
                .setTask(task)
                .setSignal(signal.kind().name())
                .setValue(signal.psi())
                .setMaxShareChange(signal.maxShareChange())
                .setLevel(signal.level().name())
                .setPreviousLevel(levels.last(task, signal.kind()).name())
                .setWatchThreshold(settings.watchPsi())
                .setDriftThreshold(settings.driftPsi())
                .setWindowSize(signal.window().total())
                .setReferenceSize(signal.reference().total())
                .setBins(signal.window().bins())
                .setWindowCounts(boxed(signal.window().counts()))
                .setReferenceCounts(boxed(signal.reference().counts()))
                .setChampionVersion(championVersion)
                .setCheckpointId(checkpointId)
                .setDetectedAt(at)
                .build();
    }

    private static List<Long> boxed(long[] counts) {
        return Arrays.stream(counts).boxed().toList();
    }
}
