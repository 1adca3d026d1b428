package io.streamtune.serving.http;

import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.Champions;
import io.streamtune.serving.NoChampionException;
import io.streamtune.serving.Prediction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link Champions} whose models the test loads: a loaded task scores "spam" for texts that contain "win" (0.9) and
 * "ham" otherwise (spam 0.2), and answers with the version it was loaded as. Predictions can be held on a latch or
 * made to fail.
 */
public final class ScriptedChampions implements Champions, AutoCloseable {

    public static final List<String> LABELS = List.of("ham", "spam");

    private final Map<String, ChampionInfo> loaded = new ConcurrentHashMap<>();
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final CountDownLatch predicting = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Makes {@code version} the champion of {@code task}. */
    public ScriptedChampions load(String task, String version) {
        loaded.put(task, new ChampionInfo(task, version, "sha256:" + version, LABELS,
                Map.of("accuracy", 0.93, "f1", 0.9), "PROMOTION", Instant.parse("2026-12-05T10:00:00Z"),
                Instant.parse("2026-12-05T10:00:02Z")));
        return this;
    }

    /** Holds every prediction until {@code release} counts down. */
    public void holdPredictionsUntil(CountDownLatch release) {
        hold.set(release);
    }

    /** Makes every prediction throw {@code error}. */
    public void failPredictionsWith(RuntimeException error) {
        failure.set(error);
    }

    /** Waits until a prediction has started. */
    public boolean awaitPredicting(long seconds) throws InterruptedException {
        return predicting.await(seconds, TimeUnit.SECONDS);
    }

    public boolean closed() {
        return closed.get();
    }

    @Override
    public Set<String> tasks() {
        return Set.copyOf(loaded.keySet());
    }

    @Override
    public Optional<ChampionInfo> champion(String task) {
        return Optional.ofNullable(loaded.get(task));
    }

    @Override
    public List<Prediction> predict(String task, List<String> texts) {
        ChampionInfo champion = loaded.get(task);
        if (champion == null) {
            throw new NoChampionException(task, "task " + task + " has no loaded champion");
        }
        predicting.countDown();
        awaitRelease();
        if (failure.get() != null) {
            throw failure.get();
        }
        return texts.stream().map(text -> {
            double spam = text.contains("win") ? 0.9 : 0.2;
            Map<String, Double> probabilities = new LinkedHashMap<>();
            probabilities.put("ham", 1 - spam);
            probabilities.put("spam", spam);
            return new Prediction(spam > 0.5 ? "spam" : "ham", probabilities, champion.modelVersion());
        }).toList();
    }

    @Override
    public void close() {
        closed.set(true);
    }

    private void awaitRelease() {
        CountDownLatch release = hold.get();
        if (release == null) {
            return;
        }
        try {
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the held prediction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
