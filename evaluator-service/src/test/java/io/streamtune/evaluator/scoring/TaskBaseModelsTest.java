package io.streamtune.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.evaluator.TestModels;
import org.junit.jupiter.api.Test;

class TaskBaseModelsTest {

    private final TestModels.TinyBase configured = new TestModels.TinyBase();
    private final TaskBaseModels bases = new TaskBaseModels(configured, 12);

    @Test
    void shouldUseTheConfiguredBaseForATaskWhoseSpecNamesNoneOrTheSameOne() {
        assertThat(bases.of(null, null)).isSameAs(configured);
        assertThat(bases.of(configured.name(), null)).isSameAs(configured);
    }

    @Test
    void shouldResolveEachReferenceOnceAndShareItBetweenTasks() {
        BaseModelFactory minilm = bases.of("all-MiniLM-L6-v2", null);
        BaseModelFactory export = bases.of("onnx:/models/tickets.onnx", "tokenizer:/models/tokenizer.json");

        assertThat(minilm.name()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(bases.of("all-MiniLM-L6-v2", null)).isSameAs(minilm);
        assertThat(export.name()).isEqualTo("onnx:/models/tickets.onnx");
        assertThat(bases.of("onnx:/models/tickets.onnx", "tokenizer:/models/tokenizer.json")).isSameAs(export);
        assertThat(configured.builds()).isZero();
    }

    @Test
    void shouldFailToBuildABaseItCannotResolveNamingIt() {
        assertThatThrownBy(() -> bases.of("gpt-17", null).create(TestModels.LABELS, TestModels.options()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gpt-17'");
        assertThatThrownBy(() -> bases.of("onnx:/models/x.onnx", null).create(TestModels.LABELS,
                TestModels.options())).hasMessageContaining("tokenizer:<path>");
    }
}
