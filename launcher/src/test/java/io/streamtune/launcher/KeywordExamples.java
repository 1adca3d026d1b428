package io.streamtune.launcher;

import io.streamtune.schemas.LabeledExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Labeled examples for pipeline tests: spam or ham, each text made of keywords of its label, learnable by a tiny
 * model.
 */
public final class KeywordExamples {

    private static final String[] SPAM = {"win", "free", "prize", "cash", "offer", "cheap", "lottery", "bonus"};
    private static final String[] HAM = {"meeting", "agenda", "report", "lunch", "review", "schedule", "notes", "team"};

    private KeywordExamples() {
    }

    /** {@code count} examples of {@code task} with ids {@code idPrefix0, idPrefix1, ...}, drawn from {@code seed}. */
    public static List<LabeledExample> examples(String task, String idPrefix, int count, long seed) {
        Random random = new Random(seed);
        List<LabeledExample> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean spam = random.nextBoolean();
            String[] words = spam ? SPAM : HAM;
            String text = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)]
                    + " today " + words[random.nextInt(words.length)];
            examples.add(LabeledExample.newBuilder().setId(idPrefix + i).setTask(task).setText(text)
                    .setLabel(spam ? "spam" : "ham").setEventTime(Instant.now()).setSource("it").build());
        }
        return examples;
    }
}
