package io.streamtune.serving.champion;

import io.streamtune.common.kafka.BrokerProbe;
import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.Champions;
import io.streamtune.serving.NoChampionException;
import io.streamtune.serving.Prediction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The champions of several tasks, following the {@code promotions} topic with one consumer and loading each
 * promoted checkpoint off the consumer's thread: what a server embeds. {@link ChampionModel} is the one-task view.
 *
 * <pre>{@code
 * ChampionSettings settings = ChampionSettings.builder()
 *         .bootstrapServers("127.0.0.1:9092")
 *         .registryUrl("http://127.0.0.1:8081/apis/ccompat/v7")
 *         .checkpointDir(Path.of("/var/lib/streamtune/checkpoints"))
 *         .tasks("spam", "tickets")
 *         .build();
 * try (ChampionModels champions = ChampionModels.start(settings)) {
 *     champions.awaitChampion("spam", Duration.ofMinutes(1));
 *     List<Prediction> answers = champions.predict("spam", List.of("WIN a FREE prize", "Agenda for Monday"));
 * }
 * }</pre>
 *
 * <p>Guarantees: a call is answered by one whole, verified, warmed-up model and names its version; a promotion that
 * cannot be loaded leaves the previous champion answering, and is logged, counted and shown in {@link #readiness()};
 * a broker or registry outage is waited out while answers continue.
 */
public final class ChampionModels implements Champions, AutoCloseable {

    private final Set<String> configured;
    private final Map<String, ChampionSlot> slots = new ConcurrentHashMap<>();
    private final ChampionMetrics metrics;
    private final ChampionLoads loads;
    private final PromotionFeed feed;
    private final BrokerProbe probe;

    private ChampionModels(ChampionSettings settings) {
        this.configured = Set.copyOf(settings.tasks());
        configured.forEach(task -> slots.put(task, new ChampionSlot(task)));
        this.metrics = new ChampionMetrics(settings.meters());
        this.loads = new ChampionLoads(new ChampionLoader(settings.store(), settings.scorers(), settings.clock()),
                metrics, settings.loaderThreads(), settings.clock());
        this.probe = new BrokerProbe(settings.kafka(), settings.probeInterval(), "champion");
        try {
            this.feed = new PromotionFeed(settings.kafka(), settings.registry(),
                    task -> configured.isEmpty() || configured.contains(task), settings.backoff(),
                    settings.maxBackoff(), new FeedListener());
        } catch (RuntimeException e) {
            probe.close(); // e.g. a Kafka setting the consumer refuses: release what was started
            loads.close();
            throw e;
        }
    }

    /** Hands promotions from the feed's thread to the loaders. */
    private final class FeedListener implements PromotionFeed.Listener {
        @Override
        public void promoted(Promotion promotion) {
            loads.offer(slot(promotion.event().getTask()), promotion);
        }

        @Override
        public void undecodable(String task, String message) {
            loads.undecodable(slot(task), message);
        }
    }

    /** Starts following promotions and loading champions; answers come once a task's first champion loaded. */
    public static ChampionModels start(ChampionSettings settings) {
        ChampionModels champions = new ChampionModels(settings);
        champions.feed.start();
        return champions;
    }

    private ChampionSlot slot(String task) {
        return slots.computeIfAbsent(task, ChampionSlot::new);
    }

    @Override
    public Set<String> tasks() {
        return slots.values().stream().filter(slot -> slot.champion().isPresent()).map(ChampionSlot::task)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public Optional<ChampionInfo> champion(String task) {
        ChampionSlot slot = slots.get(task);
        return slot == null ? Optional.empty() : slot.champion();
    }

    @Override
    public List<Prediction> predict(String task, List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("texts must not contain null");
        }
        ChampionSlot slot = slots.get(task);
        if (slot == null) {
            throw new NoChampionException(task, configured.isEmpty()
                    ? "task " + task + " has no promotion" : "task " + task + " is not served here; served: "
                    + new TreeSet<>(configured));
        }
        long started = System.nanoTime();
        List<Prediction> predictions = slot.predict(texts);
        metrics.predicted(task, texts.size(), System.nanoTime() - started);
        return predictions;
    }

    /** Waits up to {@code timeout} for {@code task}'s first champion; true when one answers. */
    public boolean awaitChampion(String task, Duration timeout) throws InterruptedException {
        return slot(task).awaitChampion(timeout);
    }

    /** Whether {@code task} has a champion answering. */
    public boolean ready(String task) {
        return champion(task).isPresent();
    }

    /**
     * Whether every configured task has a champion answering, or, with none configured, at least one task. A stale
     * promotions feed (broker down) does not count against it: the champions answer on.
     */
    public boolean ready() {
        return configured.isEmpty() ? !tasks().isEmpty() : configured.stream().allMatch(this::ready);
    }

    /** The last promotion of {@code task} that could not be loaded since its champion was swapped in, if any. */
    public Optional<LoadFailure> lastFailure(String task) {
        ChampionSlot slot = slots.get(task);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.lastFailure());
    }

    /** Whether the promotions feed is current: start-up replay done, broker answering, still following. */
    public boolean feedCurrent() {
        return feed.caughtUp() && probe.reachable() && !feed.waiting() && feed.failure() == null;
    }

    /** One line for a health endpoint: each task's champion or why there is none, and the feed's state. */
    public String readiness() {
        StringBuilder detail = new StringBuilder();
        new TreeSet<>(slots.keySet()).forEach(task -> detail.append(slots.get(task).describe()).append("; "));
        return detail.append("promotions feed: ").append(feedState()).toString();
    }

    private String feedState() {
        if (feed.failure() != null) {
            return "stopped (" + feed.failure() + ")";
        }
        if (!probe.reachable() || feed.waiting()) {
            return "stale, the broker or registry does not answer (champions keep answering)";
        }
        return feed.caughtUp() ? "current" : "replaying";
    }

    /** Stops following, waits for a load in progress, and closes every model once its last call returned. */
    @Override
    public void close() {
        feed.close();
        probe.close();
        loads.close();
        slots.values().forEach(ChampionSlot::close);
    }
}
