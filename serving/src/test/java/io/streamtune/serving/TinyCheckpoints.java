package io.streamtune.serving;

import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BertConfig;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import io.streamtune.schemas.PromotionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Real checkpoints of a tiny model for serving tests (a 2-layer, 32-wide encoder with the real MiniLM tokenizer,
 * randomly initialised: each seed answers differently), written through the model module's API, and the promotions
 * that name them.
 */
public final class TinyCheckpoints {

    public static final LabelMap LABELS = LabelMap.of("ham", "spam");
    private static final byte[] TOKENIZER = BaseModel.readResource(BaseModel.MINILM_TOKENIZER);

    private TinyCheckpoints() {
    }

    /** Writes checkpoint {@code id} (also its location in the store) of a tiny model initialised with {@code seed}. */
    public static CheckpointMetadata write(CheckpointStore store, String id, int seed) {
        ModelOptions options = new ModelOptions(16, 0f, "cpu", seed);
        FineTuneConfig config = FineTuneConfig.builder().batchSize(8).totalSteps(1).seed(seed).build();
        try (TextClassifier classifier = TextClassifier.randomlyInitialized(BertConfig.tiny(30522), TOKENIZER, LABELS,
                options); FineTuner tuner = new FineTuner(classifier, config)) {
            return Checkpoints.save(store, id, tuner, "tiny-random", Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the checkpoint at {@code location} answers, loaded directly: the reference for served answers. */
    public static List<float[]> probabilities(CheckpointStore store, String location, List<String> texts) {
        try (TextClassifier classifier = Checkpoints.loadClassifier(store, location, "cpu")) {
            return classifier.predictProbabilities(texts, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flips one byte in the middle of {@code file} of the checkpoint directory, as bit rot would. */
    public static void flipByte(Path checkpointDir, String file) {
        try {
            Path path = checkpointDir.resolve(file);
            byte[] bytes = Files.readAllBytes(path);
            bytes[bytes.length / 2] ^= 0x5A;
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A promotion of {@code checkpoint} for {@code task}, as the evaluator writes one. */
    public static PromotionEvent promotion(String task, CheckpointMetadata checkpoint, String kind) {
        return promotion(task, checkpoint.id(), checkpoint.id(), checkpoint.contentHash(), kind);
    }

    /** A promotion with any location and hash, e.g. of a checkpoint that is not there. */
    public static PromotionEvent promotion(String task, String version, String location, String contentHash,
            String kind) {
        return PromotionEvent.newBuilder().setTask(task).setModelVersion(version).setLocation(location)
                .setContentHash(contentHash).setKind(kind).setReason("test " + kind.toLowerCase(java.util.Locale.ROOT))
                .setPromotedAt(Instant.now()).build();
    }
}
