package io.streamtune.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TextTokenizer;
import io.streamtune.model.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExportTest {

    private static final double TOLERANCE = 1e-4;
    private static TextClassifier classifier;
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void randomClassifierWithLargeWeights() {
        classifier = TinyModels.withLargeWeights(7);
        tokenizer = new TextTokenizer(classifier.tokenizerJson(), classifier.options().maxLength());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        classifier.close();
    }

    @Test
    void shouldGiveTheClassifiersProbabilitiesInOnnxRuntimeForAnyBatchAndLength() throws Exception {
        List<List<String>> batches = List.of(
                List.of("cheap pills"),
                List.of("meeting at noon", "win a free prize now, click here", "ok"),
                List.of("a", "the quarterly report is attached, please review the numbers before friday's call",
                        "free free free money money", "lunch?", "x ".repeat(60)));
        List<Integer> lengths = new ArrayList<>();
        try (OrtClassifier ort = new OrtClassifier(OnnxExport.toBytes(classifier))) {
            for (List<String> texts : batches) {
                TextTokenizer.Tokens tokens = tokenizer.encode(texts);
                lengths.add(tokens.length());
                List<float[]> expected = classifier.predictProbabilities(texts, texts.size());
                List<float[]> actual = ort.run(tokens, OnnxExport.PROBABILITIES);
                assertThat(actual).hasSameSizeAs(texts);
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(actual.get(i)).containsExactly(expected.get(i),
                            org.assertj.core.data.Offset.offset((float) TOLERANCE));
                }
            }
        }
        assertThat(lengths).as("sequence lengths of the three batches").doesNotHaveDuplicates();
        assertThat(lengths).contains(classifier.options().maxLength());
    }

    @Test
    void shouldGiveProbabilitiesThatAreNotUniformSoTheComparisonMeansSomething() {
        List<float[]> probabilities = classifier.predictProbabilities(
                List.of("cheap pills", "meeting at noon", "win a free prize now"), 3);
        assertThat(probabilities).anySatisfy(row -> assertThat(Math.abs(row[0] - 0.5f)).isGreaterThan(0.05f));
    }

    @Test
    void shouldGiveLogitsThatSoftmaxToTheProbabilities() throws Exception {
        try (OrtClassifier ort = new OrtClassifier(OnnxExport.toBytes(classifier))) {
            TextTokenizer.Tokens tokens = tokenizer.encode(List.of("free money", "see you tomorrow at the office"));
            List<float[]> logits = ort.run(tokens, OnnxExport.LOGITS);
            List<float[]> probabilities = ort.run(tokens, OnnxExport.PROBABILITIES);
            for (int i = 0; i < 2; i++) {
                double sum = Math.exp(logits.get(i)[0]) + Math.exp(logits.get(i)[1]);
                assertThat(probabilities.get(i)[1]).isCloseTo((float) (Math.exp(logits.get(i)[1]) / sum),
                        org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }

    @Test
    void shouldDeclareDynamicBatchAndSequenceAxesAndTypedOutputs() throws Exception {
        try (OrtClassifier ort = new OrtClassifier(OnnxExport.toBytes(classifier))) {
            Map<String, NodeInfo> inputs = ort.session().getInputInfo();
            assertThat(inputs.keySet()).containsExactlyInAnyOrderElementsOf(OnnxExport.INPUTS);
            TensorInfo ids = (TensorInfo) inputs.get("input_ids").getInfo();
            assertThat(ids.type).isEqualTo(ai.onnxruntime.OnnxJavaType.INT64);
            assertThat(ids.getShape()).containsExactly(-1, -1);
            assertThat(ids.getDimensionNames()).containsExactly("batch", "sequence");
            TensorInfo probabilities = (TensorInfo) ort.session().getOutputInfo().get("probabilities").getInfo();
            assertThat(probabilities.type).isEqualTo(ai.onnxruntime.OnnxJavaType.FLOAT);
            assertThat(probabilities.getShape()).containsExactly(-1, 2);
        }
    }

    @Test
    void shouldWriteModelTokenizerLabelsAndDescription(@TempDir Path dir) throws Exception {
        OnnxExport.write(classifier, dir, new OnnxExport.Description("spam", "ckpt-7", "abc123", "tiny"));

        assertThat(Files.readAllBytes(dir.resolve("tokenizer.json"))).isEqualTo(classifier.tokenizerJson());
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readValue(dir.resolve("labels.json").toFile(), List.class)).containsExactly("ham", "spam");
        Map<String, Object> description = json.readValue(dir.resolve("model.json").toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        assertThat(description).containsEntry("task", "spam").containsEntry("version", "ckpt-7")
                .containsEntry("contentHash", "abc123").containsEntry("baseModel", "tiny")
                .containsEntry("maxLength", 32).containsEntry("opset", OnnxExport.OPSET)
                .containsEntry("inputs", OnnxExport.INPUTS)
                .containsEntry("outputs", List.of("logits", "probabilities"));
        try (OrtClassifier ort = new OrtClassifier(Files.readAllBytes(dir.resolve("model.onnx")))) {
            assertThat(ort.session().getMetadata().getCustomMetadata())
                    .containsEntry("task", "spam").containsEntry("version", "ckpt-7")
                    .containsEntry("content_hash", "abc123").containsEntry("labels", "[\"ham\",\"spam\"]");
        }
    }
}
