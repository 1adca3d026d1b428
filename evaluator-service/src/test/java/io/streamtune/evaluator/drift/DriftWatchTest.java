package io.streamtune.evaluator.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.gate.ScoredModel;
import io.streamtune.evaluator.metrics.Predictions;
import io.streamtune.evaluator.scoring.Scoring;
import io.streamtune.evaluator.scoring.Unavailability;
import io.streamtune.evaluator.validation.ValidationSet;
import io.streamtune.schemas.DriftEvent;
import io.streamtune.schemas.LabeledExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftWatchTest {

    private static final Instant AT = Instant.parse("2026-12-05T21:00:00Z");
    private static final List<String> LABELS = List.of("ham", "spam");
    /** Window 4, at least 4 on each side, the usual thresholds, 5 bins. */
    private static final DriftSettings SETTINGS = new DriftSettings(4, 4, 0.1, 0.25, 5);

    private final DriftWatch watch = new DriftWatch(SETTINGS);
    private final ValidationSet validation = new ValidationSet(4, 8);
    private int next;

    @Test
    void shouldPublishALabelShiftOnceUntilItsLevelChangesAgain() {
        add("ham", "spam", "ham", "spam", "ham", "spam", "ham", "spam");
        DriftWatch.Assessment quiet = watch.assess("spam", "ckpt-1", null, null, validation, AT);
        assertThat(quiet.signals()).singleElement().extracting(DriftSignal::level).isEqualTo(DriftLevel.NONE);
        assertThat(quiet.events()).as("NONE is where a signal starts: nothing changed").isEmpty();

        add("spam", "spam", "spam", "spam");
        DriftWatch.Assessment shifted = watch.assess("spam", "ckpt-2", "ckpt-1", null, validation, AT);

        DriftEvent event = shifted.events().get(0);
        assertThat(shifted.events()).hasSize(1);
        assertThat(event.getTask()).isEqualTo("spam");
        assertThat(event.getSignal()).isEqualTo("LABEL");
        assertThat(event.getLevel()).isEqualTo("DRIFT");
        assertThat(event.getPreviousLevel()).isEqualTo("NONE");
        assertThat(event.getValue()).isGreaterThan(0.25);
        assertThat(event.getMaxShareChange()).isEqualTo(0.5);
        assertThat(event.getWatchThreshold()).isEqualTo(0.1);
        assertThat(event.getDriftThreshold()).isEqualTo(0.25);
        assertThat(event.getBins()).containsExactly("ham", "spam");
        assertThat(event.getWindowCounts()).containsExactly(0L, 4L);
        assertThat(event.getReferenceCounts()).containsExactly(4L, 4L);
        assertThat(event.getWindowSize()).isEqualTo(4);
        assertThat(event.getReferenceSize()).isEqualTo(8);
        assertThat(event.getChampionVersion()).isEqualTo("ckpt-1");
        assertThat(event.getCheckpointId()).isEqualTo("ckpt-2");
        assertThat(event.getDetectedAt()).isEqualTo(AT);

        assertThat(watch.assess("spam", "ckpt-2", "ckpt-1", null, validation, AT).events())
                .as("not published (the transaction may have aborted): still a change").hasSize(1);
        watch.published(shifted);
        assertThat(watch.assess("spam", "ckpt-3", "ckpt-1", null, validation, AT).events()).isEmpty();

        watch.forget("spam");
        assertThat(watch.assess("spam", "ckpt-4", "ckpt-1", null, validation, AT).signals())
                .as("a deleted task starts over").isEmpty();
    }

    @Test
    void shouldReadTheChampionsConfidenceOnTheNewestExamplesAgainstTheOthersHeld() {
        add("ham", "spam", "ham", "spam", "ham", "spam", "ham", "spam", "ham", "spam", "ham", "spam");
        // Anchor: the first 4 examples; recent: the other 8. Sure on the anchor and the older recent examples,
        // unsure on the newest 4.
        Scoring onFewerExamples = scoring(new double[] {0.97, 0.96, 0.55, 0.52, 0.58, 0.51},
                new double[] {0.98, 0.95, 0.99, 0.97});
        Scoring unsureAtTheEnd = scoring(new double[] {0.97, 0.96, 0.99, 0.98, 0.55, 0.52, 0.58, 0.51},
                new double[] {0.98, 0.95, 0.99, 0.97});

        DriftWatch.Assessment assessment = watch.assess("spam", "ckpt-2", "ckpt-1", unsureAtTheEnd, validation, AT);

        DriftSignal confidence = assessment.signals().stream()
                .filter(signal -> signal.kind() == DriftSignalKind.CONFIDENCE).findFirst().orElseThrow();
        assertThat(confidence.window().counts()).containsExactly(4, 0, 0, 0, 0);
        assertThat(confidence.reference().counts()).containsExactly(0, 0, 0, 0, 8);
        assertThat(confidence.level()).isEqualTo(DriftLevel.DRIFT);
        assertThat(assessment.events()).extracting(DriftEvent::getSignal).containsExactly("CONFIDENCE");
        assertThat(assessment.events().get(0).getBins()).containsExactly("[0.50,0.60)", "[0.60,0.70)",
                "[0.70,0.80)", "[0.80,0.90)", "[0.90,1.00]");

        assertThat(watch.assess("spam", "ckpt-2", "ckpt-1", onFewerExamples, validation, AT).signals())
                .as("predictions that do not match the slices are not used").extracting(DriftSignal::kind)
                .containsExactly(DriftSignalKind.LABEL);
        Scoring unavailable = Scoring.unavailable("ckpt-1", Unavailability.CHECKPOINT_MISSING, "gone");
        assertThat(watch.assess("spam", "ckpt-2", "ckpt-1", unavailable, validation, AT).signals())
                .extracting(DriftSignal::kind).containsExactly(DriftSignalKind.LABEL);
    }

    private void add(String... labels) {
        for (String label : labels) {
            LabeledExample example = LabeledExample.newBuilder().setId("val-" + next++).setTask("spam")
                    .setText("text " + next).setLabel(label).setEventTime(Instant.EPOCH).build();
            if (validation.add(example)) {
                watch.observe(example);
            }
        }
    }

    /** A champion's scoring whose predicted class is always the true one, with the given confidences. */
    private Scoring scoring(double[] recentConfidences, double[] anchorConfidences) {
        Predictions recent = predictions(validation.recent(), recentConfidences);
        Predictions anchor = predictions(validation.anchor(), anchorConfidences);
        return new Scoring(new ScoredModel.Scored("ckpt-1", recent.metrics(), recent), anchor.metrics(), anchor);
    }

    private static Predictions predictions(List<LabeledExample> examples, double[] confidences) {
        int[] truth = new int[confidences.length];
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < confidences.length; i++) {
            truth[i] = LABELS.indexOf(examples.get(i).getLabel());
            float sure = (float) confidences[i];
            rows.add(truth[i] == 0 ? new float[] {sure, 1 - sure} : new float[] {1 - sure, sure});
        }
        return new Predictions(LABELS, truth, rows.toArray(float[][]::new));
    }
}
