package io.streamtune.model.bench;

import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BertConfig;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * MiniLM-shaped training throughput of the DJL engine: full fine-tuning steps (tokenize, forward, backward,
 * clipping, AdamW) on texts long enough to fill {@code length} tokens. Run by {@code model/bench/train-throughput.sh}
 * next to the PyTorch reference. Args: threads batch length steps warmup.
 */
public final class TrainThroughputBenchmark {

    private TrainThroughputBenchmark() {}

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        int length = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        LabelMap labels = LabelMap.of("ham", "spam");
        BertConfig miniLm = new BertConfig(30522, 384, 6, 12, 1536, 512, 2, BertConfig.HF_LAYER_NORM_EPS);
        Random random = new Random(0);
        List<LabeledText> examples = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < length * 2; w++) {
                text.append("w").append(random.nextInt(5000)).append(' ');
            }
            examples.add(new LabeledText(text.toString(), labels.label(random.nextInt(2))));
        }
        FineTuneConfig config = FineTuneConfig.builder().learningRate(5e-5).batchSize(batch).build();
        try (TextClassifier classifier = TextClassifier.randomlyInitialized(miniLm,
                BaseModel.readResource(BaseModel.MINILM_TOKENIZER), labels, new ModelOptions(length, 0.1f, "cpu", 0));
                FineTuner tuner = new FineTuner(classifier, config)) {
            for (int i = 0; i < warmup; i++) {
                tuner.trainStep(examples);
            }
            long started = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                tuner.trainStep(examples);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("djl threads=%d batch=%d length=%d: peak RSS %d MiB, %.2f examples/s%n", threads, batch,
                    length, peakResidentMib(), steps * batch / seconds);
        }
    }

    /** The process's peak resident memory (VmHWM), or -1 where /proc is not there. */
    private static long peakResidentMib() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }
}
