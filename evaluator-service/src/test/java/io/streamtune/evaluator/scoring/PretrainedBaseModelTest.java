package io.streamtune.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.TestModels;
import io.streamtune.evaluator.gate.ScoredModel;
import io.streamtune.evaluator.validation.ValidationSet;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default initial champion: all-MiniLM-L6-v2 from the class path with a fresh head, scored for real. */
class PretrainedBaseModelTest {

    @TempDir
    Path dir;

    @Test
    void shouldScoreAllMiniLmWithAHeadForTheCandidatesLabels() {
        ValidationSet validation = new ValidationSet(0, 8);
        TestModels.examples("val-", 8, 6).forEach(validation::add);
        PretrainedBaseModel base = PretrainedBaseModel.allMiniLmL6V2();
        ModelScorer scorer = new ModelScorer(new DirectoryCheckpointStore(dir), base, "cpu", 8);

        Scoring scoring = scorer.scoreBaseModel(TestModels.LABELS, new ModelOptions(16, 0f, "cpu", 7), validation);

        assertThat(base.name()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(scoring.model()).isInstanceOf(ScoredModel.Scored.class);
        assertThat(scoring.model().displayName()).isEqualTo("base model");
        assertThat(scoring.recent().getExamples()).isEqualTo(8);
        assertThat(scoring.recent().getLabels()).containsExactly("ham", "spam");
        assertThat(scoring.recent().getLogLoss()).isPositive().isFinite();
    }
}
