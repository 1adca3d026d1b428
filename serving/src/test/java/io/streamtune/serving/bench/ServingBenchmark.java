package io.streamtune.serving.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streamtune.model.LabeledText;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TextTokenizer;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.data.SpamAssassin;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The serving benchmark's steps; {@code serving/bench/serving-bench.sh} runs them against a broker, a registry and
 * {@code serve} processes it starts. Each prints result lines; figures belong in the README, not here.
 *
 * <ul>
 *   <li>{@code prepare CHECKPOINT_DIR BOOTSTRAP REGISTRY_URL DATA_DIR}: writes the two champions and promotes the
 *       first;</li>
 *   <li>{@code load SERVE_URL DATA_DIR SECONDS NAME}: one client, held-out emails, batch 1 then batch 32: examples/s
 *       and latency percentiles;</li>
 *   <li>{@code ort ONNX_DIR DATA_DIR SECONDS THREADS}: the same with ONNX Runtime called directly on the exported
 *       file (tokenization included), the reference;</li>
 *   <li>{@code swaps SERVE_URL BOOTSTRAP REGISTRY_URL CHECKPOINT_DIR DATA_DIR COUNT}: promotions alternating between
 *       the two champions under a steady request load: swap latency from each promotion's commit to the first answer
 *       by the new version; every answer checked against its version's own probabilities.</li>
 * </ul>
 */
public final class ServingBenchmark {

    private static final int LARGE_BATCH = 32;
    private static final int MAX_LENGTH = 128;

    private ServingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "prepare" -> prepare(Path.of(args[1]), args[2], args[3], Path.of(args[4]));
            case "load" -> load(args[1], emails(Path.of(args[2])), Integer.parseInt(args[3]), args[4]);
            case "ort" -> onnxRuntime(Path.of(args[1]), emails(Path.of(args[2])), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "swaps" -> new SwapRun(args[1], emails(Path.of(args[5])), expected(Path.of(args[4]),
                    emails(Path.of(args[5])))).run(args[2], args[3], Path.of(args[4]), Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
    }

    static List<String> emails(Path dataDir) {
        return SpamAssassin.load(dataDir).test().stream().map(LabeledText::text).limit(512).toList();
    }

    private static void prepare(Path checkpointDir, String bootstrap, String registryUrl, Path dataDir)
            throws IOException {
        try (BenchChampions champions = new BenchChampions(checkpointDir, bootstrap, registryUrl)) {
            champions.writeCheckpoints(SpamAssassin.load(dataDir).train());
            champions.promote(BenchChampions.FIRST);
        }
        System.out.println("prepared " + BenchChampions.FIRST + " (promoted) and " + BenchChampions.SECOND);
    }

    private static void load(String serveUrl, List<String> emails, int seconds, String name) throws Exception {
        InferClient client = new InferClient(serveUrl, BenchChampions.TASK);
        long deadline = System.currentTimeMillis() + 180_000;
        while (client.infer(emails.subList(0, 1)).status() != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("serve did not answer for task " + BenchChampions.TASK);
            }
            Thread.sleep(500);
        }
        for (int batch : new int[] {1, LARGE_BATCH}) {
            for (int i = 0; i < 3; i++) {
                client.infer(emails.subList(0, batch));
            }
            Latencies latencies = new Latencies();
            latencies.start();
            long end = System.currentTimeMillis() + seconds * 1000L;
            for (int next = 0; System.currentTimeMillis() < end; next = (next + batch) % (emails.size() - batch)) {
                long start = System.nanoTime();
                InferClient.Answer answer = client.infer(emails.subList(next, next + batch));
                if (answer.status() != 200) {
                    throw new IllegalStateException("serve answered " + answer.status());
                }
                latencies.add(System.nanoTime() - start, batch);
            }
            System.out.println(latencies.line(name, batch));
        }
    }

    private static void onnxRuntime(Path onnxDir, List<String> emails, int seconds, int threads) throws Exception {
        Path model;
        try (Stream<Path> files = Files.list(onnxDir)) {
            model = files.filter(f -> f.toString().endsWith(".onnx")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no .onnx file in " + onnxDir));
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = environment.createSession(model.toString(), options);
                    TextTokenizer tokenizer = new TextTokenizer(Files.readAllBytes(onnxDir.resolve("tokenizer.json")),
                            MAX_LENGTH)) {
                for (int batch : new int[] {1, LARGE_BATCH}) {
                    for (int i = 0; i < 3; i++) {
                        score(environment, session, tokenizer, emails.subList(0, batch));
                    }
                    Latencies latencies = new Latencies();
                    latencies.start();
                    long end = System.currentTimeMillis() + seconds * 1000L;
                    for (int next = 0; System.currentTimeMillis() < end;
                            next = (next + batch) % (emails.size() - batch)) {
                        long start = System.nanoTime();
                        score(environment, session, tokenizer, emails.subList(next, next + batch));
                        latencies.add(System.nanoTime() - start, batch);
                    }
                    System.out.println(latencies.line("onnxruntime-direct", batch));
                }
            }
        }
    }

    private static float[][] score(OrtEnvironment environment, OrtSession session, TextTokenizer tokenizer,
            List<String> texts) throws OrtException {
        TextTokenizer.Tokens tokens = tokenizer.encode(texts);
        long[] shape = {tokens.batch(), tokens.length()};
        Map<String, long[]> columns = Map.of("input_ids", tokens.ids(), "attention_mask", tokens.mask(),
                "token_type_ids", tokens.types());
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (Map.Entry<String, long[]> column : columns.entrySet()) {
                inputs.put(column.getKey(), OnnxTensor.createTensor(environment, LongBuffer.wrap(column.getValue()),
                        shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return (float[][]) result.get("probabilities").orElseThrow().getValue();
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Each champion's probabilities for the first texts the swap load asks, as DJL computes them. */
    private static Map<String, List<float[]>> expected(Path checkpointDir, List<String> emails) throws IOException {
        Map<String, List<float[]>> expected = new HashMap<>();
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(checkpointDir);
        for (String version : List.of(BenchChampions.FIRST, BenchChampions.SECOND)) {
            try (TextClassifier classifier = Checkpoints.loadClassifier(store, version, "cpu")) {
                expected.put(version, classifier.predictProbabilities(emails.subList(0, SwapRun.TEXTS), 8));
            }
        }
        return expected;
    }
}
