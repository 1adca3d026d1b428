package io.streamtune.trainer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.common.kafka.Topics;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.PromotionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class DecisionIndexTest {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final TopicPartition EVALUATIONS = new TopicPartition(Topics.EVALUATIONS.name(), 0);
    private static final TopicPartition PROMOTIONS = new TopicPartition(Topics.PROMOTIONS.name(), 0);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final List<EvaluationEvent> evaluations = new ArrayList<>();

    @Test
    void shouldKeepOnlyEachTasksNewestChampionsHoweverManyWerePromoted() {
        for (int i = 1; i <= 50; i++) {
            evaluated("spam", "spam/ckpt-" + i, i % 2 == 0, i);
        }
        evaluated("ham", "ham/ckpt-1", true, 3);

        DecisionIndex index = read(3);

        DecisionIndex.Decisions spam = index.decisions("spam");
        assertThat(spam.recentChampions()).containsExactly("spam/ckpt-50", "spam/ckpt-48", "spam/ckpt-46");
        assertThat(spam.lastEvaluated()).isEqualTo("spam/ckpt-50");
        assertThat(index.decisions("ham").recentChampions()).containsExactly("ham/ckpt-1");
        assertThat(index.decisions("news").recentChampions()).isEmpty();
    }

    @Test
    void shouldRefuseToKeepNoChampion() {
        assertThatThrownBy(() -> new DecisionIndex(consumer, (topic, data) -> null, (topic, data) -> null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void evaluated(String task, String checkpointId, boolean promoted, int minute) {
        evaluations.add(EvaluationEvent.newBuilder().setTask(task).setCheckpointId(checkpointId)
                .setThresholds(List.of()).setPromoted(promoted).setReason("test")
                .setEvaluatedAt(START.plus(Duration.ofMinutes(minute))).build());
    }

    /** An index over the evaluations recorded so far (each record's value is its index in the list). */
    private DecisionIndex read(int championsKept) {
        consumer.updatePartitions(EVALUATIONS.topic(), List.of(new PartitionInfo(EVALUATIONS.topic(), 0, null,
                null, null)));
        consumer.updatePartitions(PROMOTIONS.topic(), List.of(new PartitionInfo(PROMOTIONS.topic(), 0, null, null,
                null)));
        consumer.updateBeginningOffsets(Map.of(EVALUATIONS, 0L, PROMOTIONS, 0L));
        consumer.updateEndOffsets(Map.of(EVALUATIONS, (long) evaluations.size(), PROMOTIONS, 0L));
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < evaluations.size(); i++) {
                consumer.addRecord(new ConsumerRecord<>(EVALUATIONS.topic(), 0, i, evaluations.get(i).getTask(),
                        new byte[] {(byte) i}));
            }
        });
        Deserializer<EvaluationEvent> byIndex = (topic, data) -> evaluations.get(data[0]);
        Deserializer<PromotionEvent> none = (topic, data) -> null;
        DecisionIndex index = new DecisionIndex(consumer, byIndex, none, championsKept);
        index.catchUp(Duration.ofSeconds(10));
        return index;
    }
}
