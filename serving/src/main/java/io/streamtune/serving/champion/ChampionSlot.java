package io.streamtune.serving.champion;

import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.NoChampionException;
import io.streamtune.serving.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One task's champion: the model answering now, the newest promotion waiting to be loaded, the last failure. A call
 * holds a reference to the model it started on, so a swap never mixes versions within a call and never closes a model
 * under one; the replaced model closes when its last call returns.
 */
final class ChampionSlot {

    private final String task;
    private final AtomicReference<ModelHandle> current = new AtomicReference<>();
    private final AtomicReference<ModelHandle> retiring = new AtomicReference<>();
    private final AtomicReference<Promotion> pending = new AtomicReference<>();
    private final AtomicBoolean loading = new AtomicBoolean();
    private final CompletableFuture<Void> firstChampion = new CompletableFuture<>();
    private volatile LoadFailure lastFailure;

    ChampionSlot(String task) {
        this.task = task;
    }

    String task() {
        return task;
    }

    /** Scores {@code texts} with the model answering now, all with that one version. */
    List<Prediction> predict(List<String> texts) {
        ModelHandle handle = acquireCurrent();
        try {
            List<float[]> rows = handle.scorer().probabilities(texts);
            if (rows.size() != texts.size()) {
                throw new IllegalStateException("model " + handle.info().modelVersion() + " answered " + rows.size()
                        + " rows for " + texts.size() + " texts");
            }
            List<String> labels = handle.info().labels();
            List<Prediction> predictions = new ArrayList<>(rows.size());
            for (float[] row : rows) {
                predictions.add(prediction(labels, row, handle.info().modelVersion()));
            }
            return predictions;
        } finally {
            handle.release();
        }
    }

    /** The model answering now, with a reference taken for one call: release it when the call is done. */
    ModelHandle acquireCurrent() {
        while (true) {
            ModelHandle handle = current.get();
            if (handle == null) {
                throw new NoChampionException(task, "task " + task + " has no loaded champion yet"
                        + (lastFailure == null ? "" : "; last load failure: " + lastFailure));
            }
            if (handle.acquire()) {
                return handle;
            }
            // Retired between the read and the acquire: a newer model is installed already; read again.
        }
    }

    private static Prediction prediction(List<String> labels, float[] row, String version) {
        Map<String, Double> probabilities = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < labels.size(); i++) {
            probabilities.put(labels.get(i), (double) row[i]);
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return new Prediction(labels.get(best), probabilities, version);
    }

    Optional<ChampionInfo> champion() {
        ModelHandle handle = current.get();
        return handle == null ? Optional.empty() : Optional.of(handle.info());
    }

    /** Makes {@code handle} the model that answers; the one it replaces closes after its last call. */
    void install(ModelHandle handle) {
        ModelHandle old = current.getAndSet(handle);
        if (old != null) {
            retiring.set(old);
            old.retire();
        }
        lastFailure = null;
        firstChampion.complete(null);
    }

    /** Waits up to {@code timeout} for the first champion; true when one answers. */
    boolean awaitChampion(Duration timeout) throws InterruptedException {
        try {
            firstChampion.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return current.get() != null;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("never completed exceptionally", e);
        }
    }

    /** The task, the version answering (or none) and the last load failure, for a health detail. */
    String describe() {
        ModelHandle handle = current.get();
        String serving = handle == null ? task + ": no champion loaded"
                : task + ": serving " + handle.info().modelVersion() + " (" + handle.info().kind() + ", loaded "
                        + handle.info().loadedAt() + ")";
        LoadFailure failure = lastFailure;
        return failure == null ? serving : serving + ", last promotion " + failure;
    }

    /**
     * Waits until the model replaced last has closed, so that at most two models of this task are in memory: the one
     * answering and the one loading.
     */
    void awaitRetiredClosed() throws InterruptedException {
        ModelHandle old = retiring.get();
        if (old != null) {
            // In-flight calls on the old model each end with their one prediction.
            old.awaitClosed();
            retiring.compareAndSet(old, null);
        }
    }

    void failed(LoadFailure failure) {
        lastFailure = failure;
    }

    LoadFailure lastFailure() {
        return lastFailure;
    }

    /** Keeps {@code promotion} as the next to load, replacing one not started yet (the newest promotion wins). */
    void offer(Promotion promotion) {
        pending.set(promotion);
    }

    /** The promotion to load next, taken out of the slot; null when none waits. */
    Promotion takePending() {
        return pending.getAndSet(null);
    }

    boolean hasPending() {
        return pending.get() != null;
    }

    /** Claims the right to load this task's promotions (one loader at a time per task); false when held. */
    boolean startLoading() {
        return loading.compareAndSet(false, true);
    }

    void stopLoading() {
        loading.set(false);
    }

    /** Stops answering: the current model closes after its last call. */
    void close() {
        ModelHandle old = current.getAndSet(null);
        if (old != null) {
            old.retire();
        }
    }
}
