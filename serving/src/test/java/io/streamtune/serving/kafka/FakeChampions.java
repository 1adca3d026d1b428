package io.streamtune.serving.kafka;

import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.Champions;
import io.streamtune.serving.NoChampionException;
import io.streamtune.serving.Prediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Champions for tests: a task answers once {@link #load}ed, with a keyword rule (a text containing "free" is spam);
 * every model call is recorded; a text containing {@link #POISON} makes the call fail.
 */
final class FakeChampions implements Champions {

    static final String POISON = "<poison>";
    static final List<String> LABELS = List.of("ham", "spam");

    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final CountDownLatch called = new CountDownLatch(1);

    /** One model call. */
    record Call(String task, List<String> texts) {
    }

    FakeChampions load(String task, String version) {
        versions.put(task, version);
        return this;
    }

    /** Makes every model call wait until {@code release} opens (a stuck or paused instance). */
    FakeChampions holdUntil(CountDownLatch release) {
        this.hold = release;
        return this;
    }

    /** Waits until a model call has begun. */
    boolean awaitCalled(Duration timeout) throws InterruptedException {
        return called.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void unload(String task) {
        versions.remove(task);
    }

    List<Call> calls() {
        return new ArrayList<>(calls);
    }

    @Override
    public Set<String> tasks() {
        return Set.copyOf(versions.keySet());
    }

    @Override
    public Optional<ChampionInfo> champion(String task) {
        String version = versions.get(task);
        return version == null ? Optional.empty() : Optional.of(new ChampionInfo(task, version, "hash-" + version,
                LABELS, Map.of(), "PROMOTION", Instant.EPOCH, Instant.EPOCH));
    }

    @Override
    public List<Prediction> predict(String task, List<String> texts) {
        String version = versions.get(task);
        if (version == null) {
            throw new NoChampionException(task, "task '" + task + "' has no champion loaded");
        }
        calls.add(new Call(task, List.copyOf(texts)));
        called.countDown();
        try {
            hold.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held", e);
        }
        if (texts.stream().anyMatch(t -> t.contains(POISON))) {
            throw new IllegalStateException("the tokenizer choked");
        }
        return texts.stream().map(text -> {
            double spam = text.contains("free") ? 0.9 : 0.2;
            Map<String, Double> probabilities = new LinkedHashMap<>();
            probabilities.put("ham", 1 - spam);
            probabilities.put("spam", spam);
            return new Prediction(spam > 0.5 ? "spam" : "ham", probabilities, version);
        }).toList();
    }
}
