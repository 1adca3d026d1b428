package io.streamtune.serving.bench;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.serving.onnx.OnnxScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Inference examples/s of all-MiniLM-L6-v2 with a classification head, tokenization included: DJL
 * ({@code TextClassifier.predictProbabilities}) against ONNX Runtime on the exported graph ({@link OnnxScorer}),
 * the same weights, alternating in one JVM so that load from other processes hits both alike. Run by
 * {@code serving/bench/inference-throughput.sh}. Args: threads length rounds calls-per-measurement batch...
 */
public final class InferenceThroughputBenchmark {

    private InferenceThroughputBenchmark() {}

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int length = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int examplesPerMeasurement = Integer.parseInt(args[3]);
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        try (TextClassifier classifier = TextClassifier.fromPretrained(BaseModel.allMiniLmL6V2(),
                LabelMap.of("ham", "spam"), new ModelOptions(length, 0f, "cpu", 0));
                OnnxScorer onnx = OnnxScorer.fromClassifier(classifier, threads)) {
            for (int round = 1; round <= rounds; round++) {
                for (int a = 4; a < args.length; a++) {
                    int batch = Integer.parseInt(args[a]);
                    List<String> texts = texts(batch, length);
                    int calls = Math.max(2, examplesPerMeasurement / batch);
                    double djl = measure(calls, batch, t -> classifier.predictProbabilities(t, batch), texts);
                    double ort = measure(calls, batch, onnx::probabilities, texts);
                    System.out.printf("round=%d threads=%d batch=%d length=%d: djl %.2f examples/s, onnxruntime %.2f"
                            + " examples/s, djl/onnxruntime %.2f%n", round, threads, batch, length, djl, ort,
                            djl / ort);
                }
            }
        }
    }

    /** Examples/s over {@code calls} calls after one warm-up call. */
    private static double measure(int calls, int batch, Consumer<List<String>> score, List<String> texts) {
        score.accept(texts);
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            score.accept(texts);
        }
        return calls * batch / ((System.nanoTime() - started) / 1e9);
    }

    /** Texts of random words, long enough to fill {@code length} tokens. */
    static List<String> texts(int count, int length) {
        Random random = new Random(count);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < length * 2; w++) {
                text.append("w").append(random.nextInt(5000)).append(' ');
            }
            texts.add(text.toString());
        }
        return texts;
    }
}
