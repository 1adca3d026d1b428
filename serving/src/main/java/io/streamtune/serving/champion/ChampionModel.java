package io.streamtune.serving.champion;

import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.Prediction;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The champion of one task, always the newest promoted model: a downstream Java service embeds it and calls
 * {@link #predict}. It follows the compacted {@code promotions} topic (committed records, from the beginning, for as
 * long as it runs; a rollback is followed like any promotion), loads the promoted checkpoint from the store (location
 * confined to the store, content hash and every file verified), warms it up and swaps it in atomically.
 *
 * <pre>{@code
 * ChampionSettings settings = ChampionSettings.builder()
 *         .bootstrapServers("127.0.0.1:9092")                       // and .kafka(Map) for SASL/TLS settings
 *         .registryUrl("http://127.0.0.1:8081/apis/ccompat/v7")
 *         .checkpointDir(Path.of("/var/lib/streamtune/checkpoints")) // the trainer's checkpoint.dir
 *         .tasks("spam")
 *         .meters(prometheusRegistry)                                // optional
 *         .build();
 * try (ChampionModel spam = ChampionModel.start(settings)) {
 *     spam.awaitChampion(Duration.ofMinutes(1));
 *     Prediction answer = spam.predict("WIN a FREE prize now");
 *     log.info("{} {} by {}", answer.label(), answer.probabilities(), answer.modelVersion());
 * }
 * }</pre>
 *
 * <p>Thread-safe: call it from any number of threads. Each call is answered by one model version, even while a swap
 * happens; the replaced model is closed after its last call returned. A promotion that cannot be loaded (missing,
 * corrupt, hash mismatch, wrong format) leaves the previous champion answering and is reported by
 * {@link #lastFailure()}, a WARN line and {@code streamtune_serving_champion_load_failures_total}.
 */
public final class ChampionModel implements AutoCloseable {

    private final ChampionModels champions;
    private final String task;

    private ChampionModel(ChampionModels champions, String task) {
        this.champions = champions;
        this.task = task;
    }

    /** Starts following the promotions of the one task {@code settings} names. */
    public static ChampionModel start(ChampionSettings settings) {
        if (settings.tasks().size() != 1) {
            throw new IllegalArgumentException("a ChampionModel serves exactly one task, the settings name "
                    + settings.tasks() + "; use ChampionModels for several");
        }
        return new ChampionModel(ChampionModels.start(settings), settings.tasks().get(0));
    }

    public String task() {
        return task;
    }

    /**
     * Scores one text with the champion.
     *
     * @throws io.streamtune.serving.NoChampionException when no champion has loaded yet
     */
    public Prediction predict(String text) {
        return predict(List.of(text)).get(0);
    }

    /** Scores the texts, one prediction per text in order, all by the same version. */
    public List<Prediction> predict(List<String> texts) {
        return champions.predict(task, texts);
    }

    /** The champion answering now, if any. */
    public Optional<ChampionInfo> champion() {
        return champions.champion(task);
    }

    /** Waits up to {@code timeout} for the first champion; true when one answers. */
    public boolean awaitChampion(Duration timeout) throws InterruptedException {
        return champions.awaitChampion(task, timeout);
    }

    /** Whether a champion answers. */
    public boolean ready() {
        return champions.ready(task);
    }

    /** The champion, the last load failure and the promotions feed's state, in one line. */
    public String readiness() {
        return champions.readiness();
    }

    /** The last promotion that could not be loaded since the current champion was swapped in, if any. */
    public Optional<LoadFailure> lastFailure() {
        return champions.lastFailure(task);
    }

    /** Whether the promotions feed is current (false while the broker does not answer). */
    public boolean feedCurrent() {
        return champions.feedCurrent();
    }

    @Override
    public void close() {
        champions.close();
    }
}
