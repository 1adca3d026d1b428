package io.streamtune.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TextTokenizer;
import io.streamtune.model.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported model in ONNX Runtime for Node.js ({@code onnxruntime-node}, installed by the build with
 * {@code npm ci} in {@code src/test/node}): fed the token ids the Java tokenizer produced (Node has no BERT
 * tokenizer to rely on), it gives DJL's probabilities and labels, for two batch shapes in one session.
 */
class OnnxNodeRuntimeIT {

    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldClassifyInNodeAsDjlDoes() throws Exception {
        assumeTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/onnxruntime-node")),
                "onnxruntime-node is not installed: run npm ci --ignore-scripts --prefix model/src/test/node (the "
                        + "build does this before the integration tests)");
        List<List<String>> batches = List.of(
                List.of("win a free prize now, click here", "see you at the meeting", "ok"),
                List.of("cheap pills", "the quarterly report is attached, please review it before friday"));
        List<Map<String, Object>> input = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        List<String> expectedLabels = new ArrayList<>();
        try (TextClassifier classifier = TinyModels.withLargeWeights(11);
                TextTokenizer tokenizer = new TextTokenizer(classifier.tokenizerJson(),
                        classifier.options().maxLength())) {
            OnnxExport.write(classifier, dir, new OnnxExport.Description("spam", "v1", null, "tiny"));
            for (List<String> texts : batches) {
                TextTokenizer.Tokens tokens = tokenizer.encode(texts);
                input.add(Map.of("batch", tokens.batch(), "length", tokens.length(), "ids", tokens.ids(),
                        "mask", tokens.mask(), "types", tokens.types()));
                for (float[] row : classifier.predictProbabilities(texts, texts.size())) {
                    expected.add(row);
                    expectedLabels.add(classifier.labels().label(row[1] > row[0] ? 1 : 0));
                }
            }
        }
        Path batchesFile = dir.resolve("batches.json");
        JSON.writeValue(batchesFile.toFile(), input);

        JsonNode results = runNode(dir.toString(), batchesFile.toString());

        List<String> labels = new ArrayList<>();
        int row = 0;
        for (JsonNode batch : results) {
            for (int i = 0; i < batch.get("probabilities").size(); i++, row++) {
                JsonNode probabilities = batch.get("probabilities").get(i);
                for (int c = 0; c < 2; c++) {
                    assertThat(probabilities.get(c).floatValue()).isCloseTo(expected.get(row)[c], within(1e-4f));
                }
                labels.add(batch.get("labels").get(i).asText());
            }
        }
        assertThat(row).isEqualTo(expected.size());
        assertThat(labels).isEqualTo(expectedLabels);
        assertThat(labels).as("both labels occur, so the label check can fail").contains("ham", "spam");
    }

    private static JsonNode runNode(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "score.mjs"));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("onnx-node", ".err");
        Process node = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectError(stderr.toFile())
                .start();
        byte[] out = node.getInputStream().readAllBytes();
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
        String log = Files.readString(stderr);
        assertThat(node.exitValue()).as("node failed: %s", log).isZero();
        System.out.print(log);
        return JSON.readTree(out);
    }
}
