package io.streamtune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextClassifierEmbeddingsTest {

    @Test
    void shouldGiveTheFeaturesTheHeadClassifies() {
        List<String> texts = TinyModels.examples(5, 3).stream().map(LabeledText::text).toList();
        try (TextClassifier classifier = TinyModels.classifier(0.1f, 7)) {
            List<float[]> embeddings = classifier.embeddings(texts, 2);
            List<float[]> probabilities = classifier.predictProbabilities(texts, 3);
            Map<String, float[]> values = TinyModels.values(classifier.parameters());
            float[] weight = values.get(ClassifierBlock.HEAD_WEIGHT);
            float[] bias = values.get(ClassifierBlock.HEAD_BIAS);
            int hidden = classifier.config().hiddenSize();

            assertThat(embeddings).hasSize(texts.size()).allSatisfy(row -> assertThat(row).hasSize(hidden));
            for (int i = 0; i < texts.size(); i++) {
                // head(embedding) reproduces the classifier's own eval-mode output.
                double[] logits = new double[2];
                for (int c = 0; c < 2; c++) {
                    logits[c] = bias[c];
                    for (int f = 0; f < hidden; f++) {
                        logits[c] += weight[c * hidden + f] * embeddings.get(i)[f];
                    }
                }
                double spam = 1 / (1 + Math.exp(logits[0] - logits[1]));
                assertThat(probabilities.get(i)[1]).isCloseTo((float) spam, within(1e-4f));
            }
        }
    }
}
