package io.streamtune.serving.champion;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.serving.ScorerFactory;
import io.streamtune.serving.TinyCheckpoints;
import io.streamtune.serving.champion.LoadFailure.Reason;
import io.streamtune.serving.djl.DjlScorerFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader on real tiny checkpoints in a directory store: what it serves, and each way a promotion is refused. */
class ChampionLoaderTest {

    private static final List<String> TEXTS = List.of("win free cash now", "agenda for the project meeting");

    @TempDir
    static Path dir;

    private static DirectoryCheckpointStore store;
    private static CheckpointMetadata good;
    private static CheckpointMetadata corrupt;

    @BeforeAll
    static void writeCheckpoints() {
        store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        good = TinyCheckpoints.write(store, "spam/good", 1);
        corrupt = TinyCheckpoints.write(store, "spam/corrupt", 2);
        TinyCheckpoints.flipByte(store.root().resolve("spam/corrupt"), Checkpoints.PARAMETERS);
    }

    @Test
    void shouldLoadAVerifiedWarmCheckpointThatAnswersAsTheCheckpointDoes() {
        PromotionEvent promotion = TinyCheckpoints.promotion("spam", good, "PROMOTION");

        ModelHandle handle = ((ChampionLoader.Result.Loaded) loader(new DjlScorerFactory("cpu")).load(promotion))
                .handle();
        try {
            assertThat(handle.info().modelVersion()).isEqualTo("spam/good");
            assertThat(handle.info().contentHash()).isEqualTo(good.contentHash());
            assertThat(handle.info().labels()).containsExactly("ham", "spam");
            assertThat(handle.info().kind()).isEqualTo("PROMOTION");
            assertThat(handle.scorer().probabilities(TEXTS)).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(TinyCheckpoints.probabilities(store, good.id(), TEXTS));
        } finally {
            handle.retire();
        }
        assertThat(handle.isClosed()).isTrue();
    }

    @Test
    void shouldRefuseALocationOutsideTheStore() {
        assertThat(refusal(TinyCheckpoints.promotion("spam", "v", "../elsewhere/spam/good", good.contentHash(),
                "PROMOTION"))).isEqualTo(Reason.LOCATION_OUTSIDE_STORE);
        assertThat(refusal(TinyCheckpoints.promotion("spam", "v", store.root().resolve("spam/good").toString(),
                good.contentHash(), "PROMOTION"))).isEqualTo(Reason.LOCATION_OUTSIDE_STORE);
    }

    @Test
    void shouldRefuseAMissingCheckpoint() {
        assertThat(refusal(TinyCheckpoints.promotion("spam", "gone", "spam/gone", good.contentHash(), "PROMOTION")))
                .isEqualTo(Reason.CHECKPOINT_MISSING);
    }

    @Test
    void shouldRefuseACheckpointWhoseContentHashIsNotTheAnnouncedOne() {
        assertThat(refusal(TinyCheckpoints.promotion("spam", "spam/good", "spam/good", corrupt.contentHash(),
                "PROMOTION"))).isEqualTo(Reason.CONTENT_HASH_MISMATCH);
    }

    @Test
    void shouldRefuseACheckpointWithAFlippedByte() {
        assertThat(refusal(TinyCheckpoints.promotion("spam", corrupt, "PROMOTION")))
                .isEqualTo(Reason.CHECKPOINT_CORRUPT);
    }

    @Test
    void shouldRefuseAndCloseAModelWhoseLabelsAreNotTheCheckpoints() {
        FakeScorer scorer = new FakeScorer(1) {
            @Override
            public List<String> labels() {
                return List.of("bug", "billing");
            }
        };
        ChampionLoader.Result result = loader((s, id) -> scorer).load(TinyCheckpoints.promotion("spam", good,
                "PROMOTION"));

        assertThat(((ChampionLoader.Result.Failed) result).failure().reason()).isEqualTo(Reason.WRONG_FORMAT);
        assertThat(scorer.closed()).isTrue();
    }

    @Test
    void shouldRefuseAndCloseAModelWhoseWarmUpFails() {
        FakeScorer scorer = new FakeScorer(1) {
            @Override
            public List<float[]> probabilities(List<String> texts) {
                throw new IllegalStateException("native library crashed");
            }
        };
        ChampionLoader.Result result = loader((s, id) -> scorer).load(TinyCheckpoints.promotion("spam", good,
                "PROMOTION"));

        LoadFailure failure = ((ChampionLoader.Result.Failed) result).failure();
        assertThat(failure.reason()).isEqualTo(Reason.WARMUP_FAILED);
        assertThat(failure.message()).contains("native library crashed");
        assertThat(scorer.closed()).isTrue();
    }

    private static Reason refusal(PromotionEvent promotion) {
        ChampionLoader.Result result = loader(new DjlScorerFactory("cpu")).load(promotion);
        assertThat(result).isInstanceOf(ChampionLoader.Result.Failed.class);
        return ((ChampionLoader.Result.Failed) result).failure().reason();
    }

    private static ChampionLoader loader(ScorerFactory factory) {
        return new ChampionLoader(store, factory, Clock.systemUTC());
    }
}
