package io.streamtune.serving.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import io.streamtune.model.LengthBatches;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TextTokenizer;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.data.SpamAssassin;
import io.streamtune.serving.onnx.OnnxScorer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Evaluation throughput (examples/s, tokenization included) of all-MiniLM-L6-v2 with a classification head: the
 * evaluator's DJL path ({@code TextClassifier.predictProbabilities}, batch 32; also on a thread other than the one
 * that loaded the engine) against ONNX Runtime on the graph {@code OnnxExport} writes from the same weights, fed the
 * same length-sorted batches ({@link LengthBatches}). ONNX Runtime runs with graph optimizations ALL, spinning off
 * (as {@link OnnxScorer} serves) and on (its default), and, as a check on our export, on the original Hugging Face
 * file of the same encoder. Two input sets: texts that fill {@code length} tokens, and real SpamAssassin emails. Run
 * by {@code model/bench/eval-throughput.sh}. Args: threads rounds examples length.
 */
public final class EvalThroughputBenchmark {

    private static final int BATCH = 32;

    private EvalThroughputBenchmark() {}

    public static void main(String[] args) throws OrtException {
        int[] numbers = Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int threads = numbers[0];
        int rounds = numbers[1];
        int examples = numbers[2];
        int length = numbers[3];
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Map<String, List<String>> sets = new LinkedHashMap<>();
        sets.put("fixed", InferenceThroughputBenchmark.texts(examples, length));
        sets.put("spamassassin", SpamAssassin.load(SpamAssassin.defaultCacheDir()).test().stream()
                .limit(examples).map(LabeledText::text).toList());
        try (TextClassifier classifier = TextClassifier.fromPretrained(BaseModel.allMiniLmL6V2(),
                LabelMap.of("ham", "spam"), new ModelOptions(length, 0f, "cpu", 0));
                TextTokenizer tokenizer = new TextTokenizer(classifier.tokenizerJson(), length);
                OnnxScorer quiet = OnnxScorer.fromClassifier(classifier, threads, false);
                OnnxScorer spinning = OnnxScorer.fromClassifier(classifier, threads, true);
                OrtSession original = originalFile(threads)) {
            ExecutorService scoringThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "scoring"));
            Map<String, Function<List<String>, List<float[]>>> engines = new LinkedHashMap<>();
            engines.put("djl", texts -> classifier.predictProbabilities(texts, BATCH));
            // As the evaluator's loop thread may be: not the thread that loaded the engine (grad mode on there).
            engines.put("djl-thread", texts -> onOtherThread(scoringThread,
                    () -> classifier.predictProbabilities(texts, BATCH)));
            engines.put("ort", texts -> LengthBatches.score(tokenizer.encode(texts), BATCH, quiet::probabilities));
            engines.put("ort-spin", texts -> LengthBatches.score(tokenizer.encode(texts), BATCH,
                    spinning::probabilities));
            engines.put("ort-hf-file", texts -> LengthBatches.score(tokenizer.encode(texts), BATCH,
                    batch -> run(original, batch)));
            for (List<String> texts : sets.values()) {
                engines.values().forEach(engine -> engine.apply(texts));
            }
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<String, List<String>> set : sets.entrySet()) {
                    StringBuilder line = new StringBuilder(String.format("round=%d set=%s threads=%d examples=%d:",
                            round, set.getKey(), threads, set.getValue().size()));
                    double djl = 0;
                    for (Map.Entry<String, Function<List<String>, List<float[]>>> engine : engines.entrySet()) {
                        double rate = measure(engine.getValue(), set.getValue());
                        djl = engine.getKey().equals("djl") ? rate : djl;
                        line.append(String.format(" %s %.2f", engine.getKey(), rate));
                        if (!engine.getKey().equals("djl")) {
                            line.append(String.format(" (djl/%s %.2f)", engine.getKey(), djl / rate));
                        }
                    }
                    System.out.println(line);
                }
            }
            scoringThread.shutdown();
        }
    }

    private static List<float[]> onOtherThread(ExecutorService thread, Callable<List<float[]>> work) {
        try {
            return thread.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static double measure(Function<List<String>, List<float[]>> engine, List<String> texts) {
        long started = System.nanoTime();
        engine.apply(texts);
        return texts.size() / ((System.nanoTime() - started) / 1e9);
    }

    /** The Hugging Face export of the encoder alone, at ONNX Runtime's best settings (optimizations ALL). */
    private static OrtSession originalFile(int threads) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            return OrtEnvironment.getEnvironment().createSession(BaseModel.readResource(BaseModel.MINILM_ONNX),
                    options);
        }
    }

    /** Runs the encoder file; its output (hidden states) is not a probability, so one empty row per text. */
    private static List<float[]> run(OrtSession session, TextTokenizer.Tokens tokens) {
        long[] shape = {tokens.batch(), tokens.length()};
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(tokens.ids()), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(tokens.mask()), shape));
            inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(tokens.types()), shape));
            try (OrtSession.Result ignored = session.run(inputs)) {
                List<float[]> rows = new ArrayList<>();
                for (int i = 0; i < tokens.batch(); i++) {
                    rows.add(new float[0]);
                }
                return rows;
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }
}
