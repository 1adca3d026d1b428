package io.streamtune.serving.champion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.kafka.embedded.EmbeddedKafkaBroker;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.Prediction;
import io.streamtune.serving.PromotionWriter;
import io.streamtune.serving.TinyCheckpoints;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops (longer than the feed's client timeouts) and comes back on the same port and data: the champion
 * answers throughout, the readiness detail calls the feed stale while the broker is away, and the first promotion
 * after the restart swaps. A broker that is down when the library starts is waited for.
 */
@ExtendWith(EmbeddedRegistryExtension.class)
class ChampionModelBrokerOutageIT {

    private static final String TASK = "outage-it";
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The feed's Kafka calls time out after this... */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    /** ...and the broker stays down for at least twice as long. */
    private static final Duration OUTAGE = CLIENT_TIMEOUT.multipliedBy(2);

    @TempDir
    Path dir;

    private EmbeddedKafkaBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldAnswerThroughABrokerOutageAndSwapOnTheFirstPromotionAfterIt(EmbeddedRegistry registry)
            throws Exception {
        broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).build().start();
        broker.provision(List.of(Topics.PROMOTIONS));
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        CheckpointMetadata before = TinyCheckpoints.write(store, TASK + "/before", 1);
        CheckpointMetadata after = TinyCheckpoints.write(store, TASK + "/after", 2);
        try (ChampionModel model = ChampionModel.start(settings(registry, store))) {
            try (PromotionWriter promotions = new PromotionWriter(broker.bootstrapServers(), registry.clientConfig())) {
                promotions.write(TinyCheckpoints.promotion(TASK, before, "PROMOTION"));
            }
            assertThat(model.awaitChampion(WAIT)).isTrue();
            await().atMost(WAIT).until(model::feedCurrent);

            broker.stop();
            long stoppedAt = System.nanoTime();
            await().atMost(WAIT).untilAsserted(() -> assertThat(model.readiness()).contains("promotions feed: stale"));
            assertThat(model.feedCurrent()).isFalse();
            // Answers go on for the whole outage, from the champion loaded before it.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> answeredBy(model, before) && System.nanoTime() - stoppedAt > OUTAGE.toNanos());
            assertThat(model.ready()).isTrue();
            assertThat(model.feedCurrent()).isFalse();

            broker.start();
            await().atMost(WAIT).until(model::feedCurrent);
            assertThat(model.readiness()).contains("promotions feed: current");
            try (PromotionWriter promotions = new PromotionWriter(broker.bootstrapServers(), registry.clientConfig())) {
                promotions.write(TinyCheckpoints.promotion(TASK, after, "PROMOTION"));
            }
            await().atMost(WAIT).until(() -> model.champion().map(ChampionInfo::modelVersion).orElse(""),
                    after.id()::equals);
            assertThat(answeredBy(model, after)).isTrue();
        }
    }

    @Test
    void shouldWaitForABrokerThatIsDownAtStartAndThenLoadTheChampion(EmbeddedRegistry registry) throws Exception {
        broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).build().start();
        broker.provision(List.of(Topics.PROMOTIONS));
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        CheckpointMetadata champion = TinyCheckpoints.write(store, TASK + "/champion", 1);
        try (PromotionWriter promotions = new PromotionWriter(broker.bootstrapServers(), registry.clientConfig())) {
            promotions.write(TinyCheckpoints.promotion(TASK, champion, "PROMOTION"));
        }
        broker.stop();

        try (ChampionModel model = ChampionModel.start(settings(registry, store))) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(model.readiness()).contains("promotions feed: stale"));
            long stoppedAt = System.nanoTime();
            await().atMost(WAIT).until(() -> System.nanoTime() - stoppedAt > OUTAGE.toNanos()
                    && !model.ready() && !model.feedCurrent());

            broker.start();
            assertThat(model.awaitChampion(WAIT)).isTrue();
            assertThat(answeredBy(model, champion)).isTrue();
            await().atMost(WAIT).until(model::feedCurrent);
        }
    }

    private ChampionSettings settings(EmbeddedRegistry registry, DirectoryCheckpointStore store) {
        return ChampionSettings.builder().bootstrapServers(broker.bootstrapServers())
                .kafka(Map.of("default.api.timeout.ms", (int) CLIENT_TIMEOUT.toMillis(),
                        "request.timeout.ms", (int) CLIENT_TIMEOUT.toMillis()))
                .registry(registry.clientConfig()).checkpointDir(store.root()).tasks(TASK)
                .meters(new SimpleMeterRegistry()).probeInterval(Duration.ofMillis(500))
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
    }

    private static boolean answeredBy(ChampionModel model, CheckpointMetadata checkpoint) {
        Prediction answer = model.predict("win free cash now");
        assertThat(answer.modelVersion()).isEqualTo(checkpoint.id());
        return true;
    }
}
