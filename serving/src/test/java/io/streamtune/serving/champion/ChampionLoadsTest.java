package io.streamtune.serving.champion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.Scorer;
import io.streamtune.serving.ScorerFactory;
import io.streamtune.serving.TinyCheckpoints;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading off the feed's thread: newest promotion wins, and at most two models of a task at a time. */
class ChampionLoadsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static DirectoryCheckpointStore store;
    private static CheckpointMetadata checkpoint;

    private final List<FakeScorer> loaded = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstLoadMayFinish = new CountDownLatch(1);
    private ChampionLoads loads;

    @BeforeAll
    static void writeCheckpoint() {
        store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        checkpoint = TinyCheckpoints.write(store, "spam/one", 1);
    }

    @AfterEach
    void close() {
        firstLoadMayFinish.countDown();
        if (loads != null) {
            loads.close();
        }
    }

    @Test
    void shouldLoadOnlyTheNewestOfThePromotionsThatArriveDuringALoad() {
        ChampionSlot slot = new ChampionSlot("spam");
        loads = loads(blockingFirstLoad());

        loads.offer(slot, promotion("v1"));
        await().atMost(WAIT).until(() -> loaded.size() == 1); // v1 is loading, held back
        loads.offer(slot, promotion("v2"));
        loads.offer(slot, promotion("v3"));
        loads.offer(slot, promotion("v4"));
        firstLoadMayFinish.countDown();

        await().atMost(WAIT).until(() -> slot.champion().map(ChampionInfo::modelVersion).orElse(""), "v4"::equals);
        assertThat(loaded).as("v1, then only the newest waiting one").hasSize(2);
        assertThat(loaded.get(0).closed()).isTrue();
    }

    @Test
    void shouldNotLoadAThirdModelWhileTheReplacedOneStillAnswersACall() {
        ChampionSlot slot = new ChampionSlot("spam");
        loads = loads((s, id) -> newScorer());
        firstLoadMayFinish.countDown();
        loads.offer(slot, promotion("v1"));
        await().atMost(WAIT).until(() -> slot.champion().isPresent());
        ModelHandle v1 = slot.acquireCurrent(); // a call in flight on v1

        loads.offer(slot, promotion("v2"));
        await().atMost(WAIT).until(() -> slot.champion().map(ChampionInfo::modelVersion).orElse(""), "v2"::equals);
        loads.offer(slot, promotion("v3"));

        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> loaded.size() == 2);
        v1.release(); // the call on v1 returns: v1 closes, v3 may load
        await().atMost(WAIT).until(() -> slot.champion().map(ChampionInfo::modelVersion).orElse(""), "v3"::equals);
        assertThat(loaded).hasSize(3);
        assertThat(loaded.get(0).closed()).isTrue();
        assertThat(loaded.get(1).closed()).isTrue();
    }

    private ScorerFactory blockingFirstLoad() {
        return (s, id) -> {
            Scorer scorer = newScorer();
            if (loaded.size() == 1) {
                try {
                    firstLoadMayFinish.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return scorer;
        };
    }

    private Scorer newScorer() {
        FakeScorer scorer = new FakeScorer(loaded.size() + 1);
        loaded.add(scorer);
        return scorer;
    }

    private ChampionLoads loads(ScorerFactory factory) {
        return new ChampionLoads(new ChampionLoader(store, factory, Clock.systemUTC()),
                new ChampionMetrics(new SimpleMeterRegistry()), 1, Clock.systemUTC());
    }

    private static Promotion promotion(String version) {
        return new Promotion(TinyCheckpoints.promotion("spam", version, checkpoint.id(), checkpoint.contentHash(),
                "PROMOTION"), System.currentTimeMillis(), true);
    }
}
