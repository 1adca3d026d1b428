package io.streamtune.serving.champion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.NoChampionException;
import io.streamtune.serving.Prediction;
import io.streamtune.serving.PromotionWriter;
import io.streamtune.serving.TinyCheckpoints;
import io.streamtune.serving.champion.LoadFailure.Reason;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The champion library against the real broker and registry, on real tiny checkpoints: the first champion, a swap, a
 * rollback, promotions that cannot be served (the champion keeps answering, each counted by reason), and a restart
 * that loads only the newest promotion.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class ChampionModelIT {

    private static final String TASK = "champion-it";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> TEXTS = List.of("win free cash now", "agenda for the project meeting");

    @TempDir
    static Path dir;

    private static EmbeddedRegistry registry;
    private static DirectoryCheckpointStore store;
    private static CheckpointMetadata first;
    private static CheckpointMetadata second;
    private static CheckpointMetadata corrupt;

    @BeforeAll
    static void writeCheckpoints(EmbeddedRegistry classRegistry) {
        registry = classRegistry;
        store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        first = TinyCheckpoints.write(store, TASK + "/first", 1);
        second = TinyCheckpoints.write(store, TASK + "/second", 2);
        corrupt = TinyCheckpoints.write(store, TASK + "/corrupt", 3);
        TinyCheckpoints.flipByte(store.root().resolve(corrupt.id()), Checkpoints.PARAMETERS);
    }

    @Test
    void shouldServeSwapRollBackAndKeepTheChampionWhenAPromotionCannotBeLoaded(KafkaBroker broker) throws Exception {
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(List.of(Topics.PROMOTIONS));
        }
        MeterRegistry meters = new SimpleMeterRegistry();
        try (ChampionModel model = ChampionModel.start(settings(broker, meters));
                PromotionWriter promotions = new PromotionWriter(broker.bootstrapServers(), registry.clientConfig())) {
            await().atMost(WAIT).until(model::feedCurrent);
            assertThat(model.ready()).isFalse();
            assertThatThrownBy(() -> model.predict("hello")).isInstanceOf(NoChampionException.class);

            // 1. The first champion loads and answers as the checkpoint does.
            promotions.write(TinyCheckpoints.promotion(TASK, first, "PROMOTION"));
            await().atMost(WAIT).until(model::ready);
            assertAnswersAs(model, first);
            assertThat(model.champion().map(ChampionInfo::contentHash)).contains(first.contentHash());

            // 2. A second promotion swaps.
            promotions.write(TinyCheckpoints.promotion(TASK, second, "PROMOTION"));
            awaitVersion(model, second);
            assertAnswersAs(model, second);

            // 3. A rollback swaps back.
            promotions.write(TinyCheckpoints.promotion(TASK, first, "ROLLBACK"));
            awaitVersion(model, first);
            assertThat(model.champion().map(ChampionInfo::kind)).contains("ROLLBACK");
            assertAnswersAs(model, first);
            assertThat(meters.get("streamtune.serving.champion.swaps").tag("task", TASK).counters())
                    .extracting(counter -> counter.getId().getTag("kind") + "=" + counter.count())
                    .containsExactlyInAnyOrder("PROMOTION=2.0", "ROLLBACK=1.0");
            assertThat(meters.get("streamtune.serving.champion.swap.latency").tag("task", TASK).timer().count())
                    .isEqualTo(3);
            assertThat(meters.get("streamtune.serving.champion.info").tag("version", first.id()).gauge().value())
                    .isEqualTo(1.0);

            // 4. Promotions that cannot be served: the champion answers on, each is counted by its reason.
            promotions.write(TinyCheckpoints.promotion(TASK, corrupt, "PROMOTION"));
            awaitFailure(model, meters, Reason.CHECKPOINT_CORRUPT);
            promotions.write(TinyCheckpoints.promotion(TASK, "missing", TASK + "/missing", first.contentHash(),
                    "PROMOTION"));
            awaitFailure(model, meters, Reason.CHECKPOINT_MISSING);
            promotions.write(TinyCheckpoints.promotion(TASK, second.id(), second.id(), corrupt.contentHash(),
                    "PROMOTION"));
            awaitFailure(model, meters, Reason.CONTENT_HASH_MISMATCH);
            promotions.writeRaw(TASK, "not a promotion".getBytes(StandardCharsets.UTF_8));
            awaitFailure(model, meters, Reason.UNDECODABLE_PROMOTION);
            assertThat(model.readiness()).contains(TASK + ": serving " + first.id() + " (ROLLBACK",
                    "UNDECODABLE_PROMOTION", "promotions feed: current");
            assertAnswersAs(model, first);

            // 5. The champion is back to a loadable one; a process started now loads only that newest promotion.
            promotions.write(TinyCheckpoints.promotion(TASK, second, "PROMOTION"));
            awaitVersion(model, second);
            MeterRegistry restartedMeters = new SimpleMeterRegistry();
            try (ChampionModel restarted = ChampionModel.start(settings(broker, restartedMeters))) {
                assertThat(restarted.awaitChampion(WAIT)).isTrue();
                assertAnswersAs(restarted, second);
                assertThat(restartedMeters.get("streamtune.serving.champion.swaps").counter().count()).isEqualTo(1);
                assertThat(restartedMeters.find("streamtune.serving.champion.load.failures").counters())
                        .as("the promotions that could not be loaded are older than the champion: none was tried")
                        .extracting(counter -> counter.getId().getTag("reason"))
                        .containsExactly(Reason.UNDECODABLE_PROMOTION.name());
            }
            assertThat(meters.get("streamtune.serving.predictions").tag("task", TASK).counter().count())
                    .isGreaterThanOrEqualTo(12);
        }
    }

    private static ChampionSettings settings(KafkaBroker broker, MeterRegistry meters) {
        return ChampionSettings.builder().bootstrapServers(broker.bootstrapServers())
                .registry(registry.clientConfig()).checkpointDir(store.root()).tasks(TASK).meters(meters)
                .probeInterval(Duration.ofMillis(500)).build();
    }

    private static void awaitVersion(ChampionModel model, CheckpointMetadata checkpoint) {
        await().atMost(WAIT).until(() -> model.champion().map(ChampionInfo::modelVersion).orElse(""),
                checkpoint.id()::equals);
    }

    private static void awaitFailure(ChampionModel model, MeterRegistry meters, Reason reason) {
        await().atMost(WAIT).until(() -> meters.find("streamtune.serving.champion.load.failures")
                .tags("task", TASK, "reason", reason.name()).counter() != null);
        assertThat(meters.get("streamtune.serving.champion.load.failures").tags("task", TASK, "reason", reason.name())
                .counter().count()).isEqualTo(1);
        assertThat(model.lastFailure().map(LoadFailure::reason)).contains(reason);
        assertThat(model.champion().map(ChampionInfo::modelVersion)).contains(first.id());
    }

    private static void assertAnswersAs(ChampionModel model, CheckpointMetadata checkpoint) {
        List<Prediction> answers = model.predict(TEXTS);
        List<float[]> expected = TinyCheckpoints.probabilities(store, checkpoint.id(), TEXTS);
        assertThat(answers).extracting(Prediction::modelVersion).containsOnly(checkpoint.id());
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(answers.get(i).probabilities().keySet()).isEqualTo(Set.of("ham", "spam"));
            assertThat(answers.get(i).probabilities().get("ham")).isEqualTo(expected.get(i)[0]);
            assertThat(answers.get(i).probabilities().get("spam")).isEqualTo(expected.get(i)[1]);
        }
        assertThat(model.predict(TEXTS.get(0)).label()).isEqualTo(answers.get(0).label());
    }
}
