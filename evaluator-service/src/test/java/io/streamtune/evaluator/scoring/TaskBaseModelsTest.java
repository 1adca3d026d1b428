package io.streamtune.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.evaluator.TestModels;
import io.streamtune.model.bert.BaseModelRef;
import org.junit.jupiter.api.Test;

class TaskBaseModelsTest {

    private final TestModels.TinyBase configured = new TestModels.TinyBase();
    private final TaskBaseModels bases = new TaskBaseModels(configured);

    @Test
    void shouldUseTheConfiguredBaseForATaskWhoseSpecNamesNoneOrTheSameOne() {
        assertThat(bases.of(null, null)).isSameAs(configured);
        assertThat(bases.of(configured.name(), null)).isSameAs(configured);

        ReferencedBaseModel minilm = new ReferencedBaseModel(BaseModelRef.DEFAULT);
        assertThat(new TaskBaseModels(minilm).of("all-minilm-l6-v2", null)).as("the canonical spelling")
                .isSameAs(minilm);
    }

    @Test
    void shouldBuildTheBaseTheSpecNamesByItsReference() {
        assertThat(bases.of("bge-small-en-v1.5", null))
                .isEqualTo(new ReferencedBaseModel(BaseModelRef.parse("bge-small-en-v1.5")));
        BaseModelFactory export = bases.of("onnx:/models/tickets.onnx", "tokenizer:/models/tokenizer.json");
        assertThat(export.name()).isEqualTo("onnx:/models/tickets.onnx");
        assertThat(configured.builds()).isZero();
    }

    @Test
    void shouldFailToBuildABaseWhoseReferenceDoesNotParseNamingIt() {
        assertThatThrownBy(() -> bases.of("gpt-17", null).create(TestModels.LABELS, TestModels.options()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gpt-17'");
        assertThatThrownBy(() -> bases.of("onnx:/models/x.onnx", null).create(TestModels.LABELS,
                TestModels.options())).hasMessageContaining("tokenizer");
    }
}
