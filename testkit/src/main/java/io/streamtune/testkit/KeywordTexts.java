package io.streamtune.testkit;

import java.util.List;
import java.util.Random;

/**
 * Spam and ham texts that even a tiny, randomly initialised model learns: each label has its own keywords, so the
 * label follows from the words. One generator for every module's tests; each draw takes the same calls of the
 * given {@link Random} in the same order, so a seed gives the same texts everywhere.
 */
public final class KeywordTexts {

    /** The spam keywords most tests use. */
    public static final List<String> SPAM = List.of("win", "free", "prize", "cash", "offer", "cheap", "viagra",
            "lottery");
    /** The ham keywords most tests use. */
    public static final List<String> HAM = List.of("meeting", "agenda", "report", "lunch", "review", "schedule",
            "notes", "project");
    /** Words of neither label, between the keywords of a {@link #sentence}. */
    public static final List<String> FILLER = List.of("the", "a", "for", "today", "please", "now", "our", "your",
            "and");
    /** The default vocabularies. */
    public static final KeywordTexts DEFAULT = new KeywordTexts(SPAM, HAM);

    private final List<String> spam;
    private final List<String> ham;

    /** Texts drawn from these keywords (each list non-empty). */
    public KeywordTexts(List<String> spam, List<String> ham) {
        if (spam.isEmpty() || ham.isEmpty()) {
            throw new IllegalArgumentException("both vocabularies need keywords");
        }
        this.spam = List.copyOf(spam);
        this.ham = List.copyOf(ham);
    }

    /** A text and its label ({@code spam} or {@code ham}). */
    public record Text(String text, String label) {
    }

    /** Spam or ham with even odds: six words, keywords of the label alternating with {@link #FILLER} words. */
    public Text sentence(Random random) {
        boolean isSpam = random.nextBoolean();
        List<String> keywords = isSpam ? spam : ham;
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 6; w++) {
            List<String> words = w % 2 == 0 ? keywords : FILLER;
            text.append(words.get(random.nextInt(words.size()))).append(' ');
        }
        return new Text(text.toString().trim(), label(isSpam));
    }

    /** Spam or ham with even odds: {@code "k1 k2 today k3"}, three keywords of the label. */
    public Text shortText(Random random) {
        boolean isSpam = random.nextBoolean();
        List<String> keywords = isSpam ? spam : ham;
        String text = keywords.get(random.nextInt(keywords.size())) + " "
                + keywords.get(random.nextInt(keywords.size())) + " today "
                + keywords.get(random.nextInt(keywords.size()));
        return new Text(text, label(isSpam));
    }

    private static String label(boolean isSpam) {
        return isSpam ? "spam" : "ham";
    }
}
