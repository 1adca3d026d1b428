package io.streamtune.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeywordTextsTest {

    @Test
    void shouldGiveEachTextOnlyTheKeywordsOfItsLabelBetweenFillerWords() {
        Random random = new Random(7);
        List<KeywordTexts.Text> texts = IntStream.range(0, 200).mapToObj(i -> KeywordTexts.DEFAULT.sentence(random))
                .toList();

        assertThat(texts).extracting(KeywordTexts.Text::label).contains("spam", "ham");
        for (KeywordTexts.Text text : texts) {
            String[] words = text.text().split(" ");
            assertThat(words).hasSize(6);
            List<String> keywords = text.label().equals("spam") ? KeywordTexts.SPAM : KeywordTexts.HAM;
            for (int w = 0; w < words.length; w++) {
                assertThat(w % 2 == 0 ? keywords : KeywordTexts.FILLER).as(text.text()).contains(words[w]);
            }
        }
    }

    @Test
    void shouldDrawTheSameTextsFromTheSameSeed() {
        Random first = new Random(42);
        Random second = new Random(42);
        KeywordTexts texts = new KeywordTexts(List.of("bonus"), List.of("team"));

        assertThat(IntStream.range(0, 20).mapToObj(i -> texts.shortText(first)).toList())
                .isEqualTo(IntStream.range(0, 20).mapToObj(i -> texts.shortText(second)).toList())
                .allSatisfy(text -> assertThat(text.text()).isIn("bonus bonus today bonus", "team team today team"));
    }

    @Test
    void shouldRefuseAnEmptyVocabulary() {
        assertThatThrownBy(() -> new KeywordTexts(List.of(), List.of("team")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
