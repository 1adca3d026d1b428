package io.streamtune.launcher.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.TaskSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each refused option gives its own message, before anything is written. */
class TaskSpecChecksTest {

    private static final Instant T0 = Instant.parse("2026-12-05T15:00:00Z");

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "labels|spam|labels: name at least two labels, was [spam]",
        "labels|ham,ham|labels: must be distinct, was [ham, ham]",
        "baseModel|gpt-9|baseModel: unknown base model 'gpt-9': expected",
        "baseModelTokenizer|tokenizer:/t.json|baseModelTokenizer: only an onnx: base model takes a tokenizer",
        "training.mode|lora|training.mode: 'lora' is not one of [feature-extraction, full, top-k]",
        "training.mode|top-k|training.topK: top-k mode needs the number of layers to train",
        "training.topK|0|training.topK: must be at least 1, was 0",
        "training.learningRate|0|training.learningRate: must be in (0.0, 1.0], was 0.0",
        "training.batchSize|0|training.batchSize: must be between 1 and 4096, was 0",
        "training.maxLength|1000|training.maxLength: must be between 2 and 512, was 1000",
        "evaluation.gateRules|macro_f1 > 0.8|evaluation.gateRules: Cannot read gate rule 'macro_f1 > 0.8'",
        "evaluation.gateRules|log_loss >= 0.1|evaluation.gateRules: In gate rule 'log_loss >= 0.1': log_loss is "
                + "lower-is-better",
        "ingest.validationFraction|1.5|ingest.validationFraction: must be in [0.0, 1.0], was 1.5",
    })
    void shouldRefuseEachBadSettingWithItsOwnMessage(String path, String value, String message) {
        TaskEdits edits = new TaskEdits().set("labels", "billing,bug,other").set(path, value);
        assertThat(edits.problems()).isEmpty();
        TaskSpec spec = TaskSpecDrafts.create("tickets", edits, T0, "ann");

        List<String> problems = TaskSpecChecks.problems(spec);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith(message);
    }

    @ParameterizedTest
    @CsvSource({"tickets", "news_en", "news-en", "a-b_c-9"})
    void shouldAcceptNamesWithUnderscoresAndDashes(String name) {
        TaskSpec spec = TaskSpecDrafts.create(name, new TaskEdits().set("labels", "a,b"), T0, "ann");

        assertThat(TaskSpecChecks.problems(spec)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"-leading", "news.en", "news/en", "'news en'"})
    void shouldRefuseNamesThatCannotBeKeysOrPaths(String name) {
        TaskSpec spec = TaskSpecDrafts.create(name, new TaskEdits().set("labels", "a,b"), T0, "ann");

        assertThat(TaskSpecChecks.problems(spec)).singleElement().asString().startsWith("name '" + name + "'");
    }

    @Test
    void shouldRefuseAnOnnxBaseModelWhoseFilesAreNotThereNamingTheMissingFile() {
        TaskSpec spec = TaskSpecDrafts.create("tickets", new TaskEdits().set("labels", "a,b")
                .set("baseModel", "onnx:/nowhere/model.onnx").set("baseModelTokenizer", "tokenizer:/nowhere/t.json"),
                T0, "ann");

        assertThat(TaskSpecChecks.problems(spec)).singleElement().asString()
                .startsWith("baseModel: ").contains("/nowhere/model.onnx", "not found");
    }

    @ParameterizedTest
    @CsvSource({"all-MiniLM-L6-v2", "bge-small-en-v1.5", "e5-small-v2", "tiny"})
    void shouldAcceptEveryBuiltInBaseModel(String base) {
        TaskSpec spec = TaskSpecDrafts.create("tickets", new TaskEdits().set("labels", "a,b").set("baseModel", base),
                T0, "ann");

        assertThat(TaskSpecChecks.problems(spec)).isEmpty();
    }

    @Test
    void shouldAcceptAGoodSpecWithEveryCheckedSetting() {
        TaskSpec spec = TaskSpecDrafts.create("tickets", new TaskEdits().set("labels", "billing,bug,other")
                .set("baseModel", "all-MiniLM-L6-v2").set("training.mode", "top-k").set("training.topK", 2)
                .set("evaluation.gateRules", "macro_f1 >= 0.8; macro_f1 >= champion - 0.005"), T0, "ann");

        assertThat(TaskSpecChecks.problems(spec)).isEmpty();
    }

    @Test
    void shouldRefuseChangingLabelsOrBaseModelInPlaceAndPointToANewTask() {
        TaskSpec current = TaskSpecDrafts.create("spam", new TaskEdits().set("labels", "ham,spam")
                .set("baseModel", "all-MiniLM-L6-v2"), T0, "ann");
        TaskSpec next = TaskSpecDrafts.update(current, new TaskEdits().set("labels", "ham,spam,phishing")
                .set("baseModel", "tiny").set("training.batchSize", 8), T0, "ann");

        assertThat(TaskSpecChecks.updateProblems(current, next)).containsExactly(
                "labels cannot change in place ([ham, spam] -> [ham, spam, phishing]): the checkpoints' classifier "
                        + "has those outputs; create a new task instead",
                "base model cannot change in place (all-MiniLM-L6-v2 -> tiny): the checkpoints descend from it; "
                        + "create a new task instead");
    }
}
