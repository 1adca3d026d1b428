package io.streamtune.trainer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FairShardQueueTest {

    private static final TopicPartition P0 = new TopicPartition("shards", 0);
    private static final TopicPartition P1 = new TopicPartition("shards", 1);

    private final FairShardQueue queue = new FairShardQueue(2);

    @Test
    void shouldAlternateBetweenTasksSoABacklogDoesNotStarveAnother() {
        for (long offset = 0; offset < 5; offset++) {
            queue.add(record("backlog", 0, offset));
        }
        queue.add(record("fresh", 1, 0));
        queue.add(record("fresh", 1, 1));

        assertThat(drain()).containsExactly("backlog@0", "fresh@0", "backlog@1", "fresh@1", "backlog@2",
                "backlog@3", "backlog@4");
    }

    @Test
    void shouldQueueATaskArrivingLaterBehindTheTasksAlreadyWaiting() {
        queue.add(record("spam", 0, 0));
        queue.add(record("spam", 0, 1));
        assertThat(queue.next()).map(FairShardQueueTest::name).contains("spam@0");
        queue.add(record("news", 0, 2));

        assertThat(drain()).containsExactly("spam@1", "news@2");
    }

    @Test
    void shouldReportThePartitionOfAFullLaneOnly() {
        queue.add(record("spam", 0, 0));
        queue.add(record("news", 1, 0));
        assertThat(queue.fullPartitions()).isEmpty();

        queue.add(record("spam", 0, 1));
        assertThat(queue.fullPartitions()).containsExactly(P0);

        queue.next();
        queue.next();
        assertThat(queue.fullPartitions()).isEmpty();
    }

    @Test
    void shouldKnowTheOldestQueuedOffsetOfAPartitionAcrossTasks() {
        queue.add(record("spam", 0, 7));
        queue.add(record("news", 0, 5));
        queue.add(record("ads", 1, 2));

        assertThat(queue.oldestQueued(P0)).isEqualTo(5);
        assertThat(queue.oldestQueued(P1)).isEqualTo(2);
        assertThat(queue.oldestQueued(new TopicPartition("shards", 2))).isNull();
    }

    @Test
    void shouldForgetTheRecordsOfAReleasedPartition() {
        queue.add(record("spam", 0, 7));
        queue.add(record("news", 1, 5));
        queue.add(record("news", 0, 8));

        queue.forget(List.of(P0));

        assertThat(queue.size()).isEqualTo(1);
        assertThat(drain()).containsExactly("news@5");
        assertThat(queue.isEmpty()).isTrue();
    }

    private List<String> drain() {
        List<String> order = new ArrayList<>();
        for (Optional<ConsumerRecord<String, byte[]>> next = queue.next(); next.isPresent(); next = queue.next()) {
            order.add(name(next.get()));
        }
        return order;
    }

    private static String name(ConsumerRecord<String, byte[]> record) {
        return record.key() + "@" + record.offset();
    }

    private static ConsumerRecord<String, byte[]> record(String task, int partition, long offset) {
        return new ConsumerRecord<>("shards", partition, offset, task, new byte[0]);
    }
}
