package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TaskIngest;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskState;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.tasks.TaskChange;
import io.streamtune.tasks.TaskSpecs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The topology is built once, its tasks are live: tasks created, changed and deleted while it runs (as the task
 * catalog announces them to {@link LiveTaskRules}) apply from the next record, shard limits from the next shard. Driven
 * through the real topology ({@link IngestTopologyFixture}); the fixture pins {@code spam} and {@code digits}.
 */
class LiveTaskRulesTest extends IngestTopologyFixture {

    /** '_' and '-' in the name: it is part of dedup keys, shard ids and meter tags. */
    private static final String NEWS = "news_en-2";

    private static TaskSpec news(TaskIngest ingest) {
        return TaskSpecs.of(NEWS, List.of("sport", "politics"), T0).setIngest(ingest).build();
    }

    private static TaskIngest.Builder ingest() {
        return TaskIngest.newBuilder();
    }

    private static LabeledExample.Builder newsExample(String id) {
        return LabeledExample.newBuilder().setId(id).setTask(NEWS).setText("Cup final tonight, " + id)
                .setLabel("sport").setEventTime(T0);
    }

    /** Announces a spec version as the catalog does: created when new, changed otherwise. */
    private void apply(TaskSpec spec) {
        tasks.onChange(new TaskChange(spec.getName(), null, spec));
    }

    private DeadLetter onlyDeadLetter() {
        DeadLetter letter = dlq.readValue();
        assertThat(dlq.isEmpty()).isTrue();
        return letter;
    }

    @Test
    void shouldAcceptATaskCreatedAfterStartFromItsNextRecord() {
        start();
        send(newsExample("before").build());
        DeadLetter before = onlyDeadLetter();
        assertThat(before.getReasonCode()).isEqualTo(ReasonCode.UNKNOWN_TASK.name());
        assertThat(before.getReasonText()).contains("'" + NEWS + "' is not one of [digits, spam]");

        apply(news(ingest().setShardMaxExamples(2).build()));
        send(newsExample("after-1").build());
        send(newsExample("after-2").build());

        TrainingShard shard = shards.readValue();
        assertThat(shard.getTask()).isEqualTo(NEWS);
        assertThat(shard.getShardId()).startsWith(NEWS + "-examples-0-");
        assertThat(shard.getExamples()).extracting(ShardExample::getId).containsExactly("after-1", "after-2");
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(count(IngestMetrics.ACCEPTED, "task", NEWS)).isEqualTo(2.0);
    }

    @Test
    void shouldDeadLetterExamplesOfADeletedTaskAsUnknownTaskSayingItWasDeleted() {
        start();
        TaskSpec spec = news(null);
        apply(spec);
        send(newsExample("kept").build());
        assertThat(dlq.isEmpty()).isTrue();

        tasks.onChange(new TaskChange(NEWS, spec, null));
        send(newsExample("late").build());

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.getReasonCode()).isEqualTo(ReasonCode.UNKNOWN_TASK.name());
        assertThat(letter.getReasonText()).contains("'" + NEWS + "' was deleted");
        assertThat(count(IngestMetrics.ACCEPTED, "task", NEWS)).isEqualTo(1.0);
        // The open shard of the deleted task still closes by age with the example accepted before the delete.
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(shards.readValue().getExamples()).extracting(ShardExample::getId).containsExactly("kept");
    }

    @Test
    void shouldAcceptATaskAgainOnceADeletedTaskIsCreatedAgain() {
        start();
        TaskSpec spec = news(null);
        apply(spec);
        tasks.onChange(new TaskChange(NEWS, spec, null));
        apply(spec);

        send(newsExample("again").build());

        assertThat(dlq.isEmpty()).isTrue();
        assertThat(count(IngestMetrics.ACCEPTED, "task", NEWS)).isEqualTo(1.0);
    }

    @Test
    void shouldApplyAChangedValidationFractionFromTheNextRecord() {
        start();
        apply(news(ingest().setValidationFraction(0.0).build()));
        send(newsExample("first").build());

        apply(news(ingest().setValidationFraction(1.0).build()));
        send(newsExample("second").build());

        assertThat(validation.readValuesToList()).extracting(LabeledExample::getId).containsExactly("second");
        assertThat(count(IngestMetrics.ACCEPTED, "task", NEWS, "split", "TRAIN")).isEqualTo(1.0);
        assertThat(count(IngestMetrics.ACCEPTED, "task", NEWS, "split", "VALIDATION")).isEqualTo(1.0);
    }

    @Test
    void shouldApplyAChangedMaxTextCharsFromTheNextRecord() {
        start();
        apply(news(ingest().setMaxTextChars(10).build()));
        send(newsExample("long-1").setText("x".repeat(20)).build());
        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.getReasonCode()).isEqualTo(ReasonCode.TEXT_TOO_LONG.name());
        assertThat(letter.getReasonText()).contains("accepts at most 10");

        apply(news(ingest().setMaxTextChars(30).build()));
        send(newsExample("long-2").setText("x".repeat(20)).build());

        assertThat(dlq.isEmpty()).isTrue();
        assertThat(count(IngestMetrics.ACCEPTED, "task", NEWS)).isEqualTo(1.0);
    }

    @Test
    void shouldApplyChangedShardLimitsFromTheNextShard() {
        start();
        apply(news(ingest().setShardMaxExamples(2).setShardMaxAgeMs(60_000L).build()));
        send(newsExample("a").build());

        apply(news(ingest().setShardMaxExamples(3).setShardMaxAgeMs(2_000L).build()));
        send(newsExample("b").build());
        // The open shard keeps the limit it opened with: it closes at 2, not 3.
        assertThat(shards.readValue().getExamples()).extracting(ShardExample::getId).containsExactly("a", "b");

        send(newsExample("c").build());
        send(newsExample("d").build());
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        TrainingShard next = shards.readValue();
        assertThat(next.getClosedBy()).isEqualTo(ClosedBy.TIME.name());
        assertThat(next.getExamples()).extracting(ShardExample::getId).containsExactly("c", "d");
    }

    @Test
    void shouldKeepIngestingAPausedTaskAsAnActiveOne() {
        start();
        apply(TaskSpec.newBuilder(news(ingest().setShardMaxExamples(1).build())).setState(TaskState.PAUSED)
                .build());

        send(newsExample("paused").build());
        send(newsExample("paused").build());

        assertThat(shards.readValue().getExamples()).extracting(ShardExample::getId).containsExactly("paused");
        assertThat(count(IngestMetrics.DUPLICATES, "task", NEWS)).isEqualTo(1.0);
        assertThat(dlq.isEmpty()).isTrue();
    }
}
