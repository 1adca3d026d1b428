package io.streamtune.launcher;

import io.streamtune.schemas.LabeledExample;
import io.streamtune.testkit.KeywordTexts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Labeled examples for pipeline tests: spam or ham, each text made of keywords of its label, learnable by a tiny
 * model.
 */
public final class KeywordExamples {

    private static final KeywordTexts TEXTS = new KeywordTexts(
            List.of("win", "free", "prize", "cash", "offer", "cheap", "lottery", "bonus"),
            List.of("meeting", "agenda", "report", "lunch", "review", "schedule", "notes", "team"));

    private KeywordExamples() {
    }

    /** {@code count} examples of {@code task} with ids {@code idPrefix0, idPrefix1, ...}, drawn from {@code seed}. */
    public static List<LabeledExample> examples(String task, String idPrefix, int count, long seed) {
        Random random = new Random(seed);
        List<LabeledExample> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            KeywordTexts.Text text = TEXTS.shortText(random);
            examples.add(LabeledExample.newBuilder().setId(idPrefix + i).setTask(task).setText(text.text())
                    .setLabel(text.label()).setEventTime(Instant.now()).setSource("it").build());
        }
        return examples;
    }
}
