package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.trainer.kafka.FairShardQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ShardFeedTest {

    private static final TopicPartition P0 = new TopicPartition("shards", 0);
    private static final TopicPartition P1 = new TopicPartition("shards", 1);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final ShardFeed feed = new ShardFeed(consumer, new FairShardQueue(2));

    @Test
    void shouldLetATaskOnAnotherPartitionTrainBetweenTheShardsOfABacklog() {
        consumer.assign(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        for (long offset = 0; offset < 5; offset++) {
            consumer.addRecord(new ConsumerRecord<>("shards", 0, offset, "backlog", new byte[0]));
        }
        consumer.addRecord(new ConsumerRecord<>("shards", 1, 0, "fresh", new byte[0]));
        consumer.addRecord(new ConsumerRecord<>("shards", 1, 1, "fresh", new byte[0]));

        feed.fill(Duration.ZERO);
        assertThat(consumer.paused()).as("the backlog's lane is full").contains(P0);

        List<String> order = new ArrayList<>();
        for (Optional<ConsumerRecord<String, byte[]>> next = feed.next(); next.isPresent(); next = feed.next()) {
            order.add(next.get().key() + "@" + next.get().offset());
        }
        // Which partition the consumer returns first is its business; the tasks take turns from then on.
        assertThat(List.of(List.of("backlog@0", "fresh@0", "backlog@1", "fresh@1"),
                List.of("fresh@0", "backlog@0", "fresh@1", "backlog@1"))).contains(List.copyOf(order.subList(0, 4)));
        assertThat(order.subList(4, 7)).containsExactly("backlog@2", "backlog@3", "backlog@4");
        assertThat(consumer.paused()).as("drained: read on").isEmpty();
    }
}
