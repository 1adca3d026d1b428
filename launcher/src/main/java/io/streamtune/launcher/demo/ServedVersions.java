package io.streamtune.launcher.demo;

import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.OffsetRange;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the model versions the serving probe saw answering into freshness to serving: when a version first answers,
 * every training example in its lineage that no earlier served version held reaches {@link Freshness.Stage#SERVED}
 * then. Versions are handled in the order they first answered; one whose checkpoint event has not been read yet
 * waits, with those after it, for a later update. Used from the demo's main thread.
 */
final class ServedVersions {

    /** Answers over which the status line's recent accuracy is computed. */
    private static final int RECENT_ANSWERS = 100;

    private final Freshness freshness;
    private final Consumer<String> events;
    private final Set<String> handled = new HashSet<>();

    ServedVersions(Freshness freshness, Consumer<String> events) {
        this.freshness = freshness;
        this.events = events;
    }

    /**
     * @param firstAnswers each version that answered, with when it first did (epoch ms), in that order
     * @param checkpoints  every checkpoint event read so far, by id
     */
    void update(Map<String, Long> firstAnswers, Map<String, CheckpointEvent> checkpoints) {
        for (Map.Entry<String, Long> first : firstAnswers.entrySet()) {
            String version = first.getKey();
            if (handled.contains(version)) {
                continue;
            }
            if (!checkpoints.containsKey(version)) {
                return;
            }
            Set<OffsetRange> lineage = Demo.lineageRanges(version, checkpoints);
            freshness.reached(Freshness.Stage.SERVED, lineage, first.getValue());
            handled.add(version);
            events.accept("serving: answers now come from " + version);
        }
    }

    /** One line for the status block: the version answering now, answers, and accuracy overall and recently. */
    static String statusLine(List<RunRecord.ServedPoint> points) {
        String version = null;
        long answers = 0;
        long correct = 0;
        long failed = 0;
        for (RunRecord.ServedPoint point : points) {
            if (point.modelVersion() == null) {
                failed++;
            } else {
                version = point.modelVersion();
                answers += point.texts();
                correct += point.correct();
            }
        }
        if (version == null) {
            return failed == 0 ? "no champion to serve yet"
                    : String.format("%,d failed requests, no answer yet", failed);
        }
        return String.format("%s · %,d answers · accuracy %.3f (last %d: %.3f)%s", version, answers,
                (double) correct / answers, RECENT_ANSWERS, recentAccuracy(points),
                failed == 0 ? "" : String.format(" · %,d FAILED requests", failed));
    }

    private static double recentAccuracy(List<RunRecord.ServedPoint> points) {
        long answers = 0;
        long correct = 0;
        for (int i = points.size() - 1; i >= 0 && answers < RECENT_ANSWERS; i--) {
            RunRecord.ServedPoint point = points.get(i);
            if (point.modelVersion() != null) {
                answers += point.texts();
                correct += point.correct();
            }
        }
        return answers == 0 ? Double.NaN : (double) correct / answers;
    }
}
