package io.streamtune.serving.champion;

import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.Scorer;
import io.streamtune.serving.ScorerFactory;
import io.streamtune.serving.champion.LoadFailure.Reason;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a promotion into a loaded, verified, warmed-up model: confines its location to the store, checks the
 * announced content hash against the checkpoint's metadata, loads it through the {@link ScorerFactory} (which
 * verifies every file), checks its labels and runs one prediction. Any failure is a {@link LoadFailure}, never an
 * exception, and leaves nothing open.
 */
final class ChampionLoader {

    /** The text of the warm-up prediction: its first call initialises the runtime's lazy state. */
    static final String WARM_UP_TEXT = "warm up";

    private final CheckpointStore store;
    private final ScorerFactory factory;
    private final Clock clock;

    ChampionLoader(CheckpointStore store, ScorerFactory factory, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.clock = clock;
    }

    /** A loaded champion, or why there is none. */
    sealed interface Result {
        /** Loaded and warmed up; the caller installs or closes it. */
        record Loaded(ModelHandle handle) implements Result {
        }

        /** Not loaded; nothing is left open. */
        record Failed(LoadFailure failure) implements Result {
        }
    }

    Result load(PromotionEvent promotion) {
        String version = promotion.getModelVersion();
        try {
            CheckpointMetadata metadata = locate(version, promotion.getLocation(), promotion.getContentHash());
            Scorer scorer = open(version, promotion.getLocation());
            try {
                checkAndWarmUp(version, scorer, metadata.labels());
            } catch (Refused refused) {
                scorer.close();
                throw refused;
            }
            ChampionInfo info = new ChampionInfo(promotion.getTask(), version, metadata.contentHash(),
                    scorer.labels(), metrics(promotion), promotion.getKind(), promotion.getPromotedAt(),
                    clock.instant());
            return new Result.Loaded(new ModelHandle(scorer, info));
        } catch (Refused refused) {
            return new Result.Failed(new LoadFailure(version, refused.reason, refused.getMessage(), clock.instant()));
        }
    }

    /** The metadata of the checkpoint at {@code location}, confined to the store and carrying the announced hash. */
    private CheckpointMetadata locate(String version, String location, String announcedHash) throws Refused {
        try {
            CheckpointStore.requireRelativePath(location);
        } catch (IllegalArgumentException e) {
            throw new Refused(Reason.LOCATION_OUTSIDE_STORE, e.getMessage());
        }
        CheckpointMetadata metadata;
        try {
            if (!store.exists(location)) {
                throw new Refused(Reason.CHECKPOINT_MISSING, "no committed checkpoint at '" + location + "'");
            }
            metadata = Checkpoints.readMetadata(store, location);
        } catch (IllegalArgumentException e) {
            // The store's own confinement, e.g. a symbolic link out of it.
            throw new Refused(Reason.LOCATION_OUTSIDE_STORE, e.getMessage());
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new Refused(Reason.CHECKPOINT_MISSING, "checkpoint file missing: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new Refused(Reason.WRONG_FORMAT, "cannot read the metadata at '" + location + "': "
                    + e.getMessage());
        }
        if (!announcedHash.equals(metadata.contentHash())) {
            throw new Refused(Reason.CONTENT_HASH_MISMATCH, "checkpoint " + version + " at '" + location
                    + "' has content hash " + metadata.contentHash() + ", the promotion announced " + announcedHash);
        }
        return metadata;
    }

    private Scorer open(String version, String location) throws Refused {
        try {
            return factory.load(store, location);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new Refused(Reason.CHECKPOINT_MISSING, "checkpoint file missing: " + e.getMessage());
        } catch (IOException e) {
            throw new Refused(Reason.CHECKPOINT_CORRUPT, e.getMessage());
        } catch (RuntimeException e) {
            throw new Refused(Reason.WRONG_FORMAT, "cannot build model " + version + ": " + e);
        }
    }

    private static void checkAndWarmUp(String version, Scorer scorer, List<String> labels) throws Refused {
        if (!scorer.labels().equals(labels)) {
            throw new Refused(Reason.WRONG_FORMAT, "the labels of model " + version + ", " + scorer.labels()
                    + ", are not the checkpoint's " + labels);
        }
        List<float[]> rows;
        try {
            rows = scorer.probabilities(List.of(WARM_UP_TEXT));
        } catch (RuntimeException e) {
            throw new Refused(Reason.WARMUP_FAILED, "the warm-up prediction of " + version + " failed: " + e);
        }
        if (rows.size() != 1 || rows.get(0).length != labels.size() || !finite(rows.get(0))) {
            throw new Refused(Reason.WARMUP_FAILED, "the warm-up prediction of " + version
                    + " gave no probability per label");
        }
    }

    private static boolean finite(float[] row) {
        for (float value : row) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /** The promotion's validation metrics as the serving API shows them; empty for a rollback without any. */
    static Map<String, Double> metrics(PromotionEvent promotion) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (promotion.getMetrics() != null) {
            metrics.put("accuracy", promotion.getMetrics().getAccuracy());
            metrics.put("macro_f1", promotion.getMetrics().getMacroF1());
            metrics.put("log_loss", promotion.getMetrics().getLogLoss());
            metrics.put("examples", (double) promotion.getMetrics().getExamples());
        }
        return metrics;
    }

    /** A promotion that cannot be served, and why. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
