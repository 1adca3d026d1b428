package io.streamtune.serving.champion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.NoChampionException;
import io.streamtune.serving.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChampionSlotTest {

    private static final int SWAPS = 300;
    private static final int CALLERS = 6;
    private static final List<String> BATCH = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    @Test
    void shouldAnswerEveryCallFromOneWholeOpenVersionWhileSwapping() throws Exception {
        ChampionSlot slot = new ChampionSlot("spam");
        List<FakeScorer> scorers = new CopyOnWriteArrayList<>();
        slot.install(handle(1, scorers));
        AtomicBoolean swapping = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        List<Future<List<List<Prediction>>>> answers = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            answers.add(callers.submit(() -> {
                List<List<Prediction>> calls = new ArrayList<>();
                while (swapping.get()) {
                    calls.add(slot.predict(BATCH));
                    answered.incrementAndGet();
                }
                return calls;
            }));
        }
        for (int version = 2; version <= SWAPS; version++) {
            // Swap only after the callers answered a few more calls, so calls and swaps interleave.
            long before = answered.get();
            while (answered.get() < before + CALLERS) {
                Thread.onSpinWait();
            }
            slot.install(handle(version, scorers));
        }
        swapping.set(false);
        callers.shutdown();
        assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        long calls = 0;
        for (Future<List<List<Prediction>>> caller : answers) {
            int lastVersion = 0;
            for (List<Prediction> call : caller.get()) {
                calls++;
                assertThat(call).hasSize(BATCH.size());
                int version = Integer.parseInt(call.get(0).modelVersion());
                assertThat(call).as("one call, one version, every row from it").allSatisfy(prediction -> {
                    assertThat(prediction.modelVersion()).isEqualTo(String.valueOf(version));
                    assertThat(FakeScorer.versionOf(prediction.probabilities().get("ham"))).isEqualTo(version);
                });
                assertThat(version).as("a caller never goes back to an older version").isGreaterThanOrEqualTo(
                        lastVersion);
                lastVersion = version;
            }
        }
        assertThat(calls).isGreaterThanOrEqualTo((long) (SWAPS - 1) * CALLERS);
        assertThat(scorers).hasSize(SWAPS).allSatisfy(scorer -> assertThat(scorer.violations())
                .as("calls on a closed model, closes under a call, double closes of %d", scorer.version())
                .isZero());
        assertThat(scorers.subList(0, SWAPS - 1)).as("every replaced model is closed").allMatch(FakeScorer::closed);
        assertThat(scorers.get(SWAPS - 1).closed()).as("the champion stays open").isFalse();

        slot.close();
        assertThat(scorers.get(SWAPS - 1).closed()).isTrue();
        assertThatThrownBy(() -> slot.predict(BATCH)).isInstanceOf(NoChampionException.class);
    }

    @Test
    void shouldKeepAReplacedModelOpenUntilItsLastCallReturns() throws Exception {
        ChampionSlot slot = new ChampionSlot("spam");
        List<FakeScorer> scorers = new ArrayList<>();
        ModelHandle first = handle(1, scorers);
        slot.install(first);
        assertThat(first.acquire()).isTrue(); // a call in flight on version 1

        slot.install(handle(2, scorers));
        assertThat(scorers.get(0).closed()).as("still in use").isFalse();
        assertThat(slot.predict(BATCH).get(0).modelVersion()).as("new calls go to the new model").isEqualTo("2");

        first.release();
        assertThat(scorers.get(0).closed()).isTrue();
        slot.awaitRetiredClosed(); // returns at once: the replaced model is closed
        assertThat(first.acquire()).as("a closed model cannot be taken again").isFalse();
    }

    @Test
    void shouldRefuseToAnswerBeforeTheFirstChampionNamingTheLastFailure() {
        ChampionSlot slot = new ChampionSlot("spam");
        slot.failed(new LoadFailure("v1", LoadFailure.Reason.CHECKPOINT_MISSING, "no committed checkpoint",
                Instant.EPOCH));

        assertThatThrownBy(() -> slot.predict(BATCH)).isInstanceOf(NoChampionException.class)
                .hasMessageContaining("no loaded champion").hasMessageContaining("CHECKPOINT_MISSING");
        assertThat(slot.describe()).isEqualTo("spam: no champion loaded, last promotion v1 not loaded "
                + "(CHECKPOINT_MISSING): no committed checkpoint");
    }

    @Test
    void shouldLabelEachAnswerWithTheMostProbableLabel() {
        ChampionSlot slot = new ChampionSlot("spam");
        slot.install(handle(900, new ArrayList<>()));

        Prediction prediction = slot.predict(List.of("hello")).get(0);

        assertThat(prediction.label()).isEqualTo("ham");
        assertThat(prediction.probabilities()).containsExactly(Map.entry("ham", (double) 0.9f),
                Map.entry("spam", (double) (1 - 0.9f)));
    }

    private static ModelHandle handle(int version, List<FakeScorer> scorers) {
        FakeScorer scorer = new FakeScorer(version);
        scorers.add(scorer);
        return new ModelHandle(scorer, new ChampionInfo("spam", String.valueOf(version), "hash-" + version,
                scorer.labels(), Collections.emptyMap(), "PROMOTION", Instant.EPOCH, Instant.EPOCH));
    }
}
