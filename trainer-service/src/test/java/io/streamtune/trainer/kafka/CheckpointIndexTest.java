package io.streamtune.trainer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.CheckpointEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

class CheckpointIndexTest {

    private static final String TOPIC = "checkpoints";

    @Test
    void shouldForgetLocationsNoLongerStoredButKeepTheNewestEvent() {
        MockConsumer<String, CheckpointEvent> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        try (CheckpointIndex index = new CheckpointIndex(consumer, TOPIC)) {
            for (int step = 1; step <= 100; step++) {
                index.add(event("spam", step));
            }
            index.add(event("ham", 7));

            // The store holds spam's newest three, ham's one, and an orphan of spam that no event announced.
            Set<String> stored = Set.of("spam/98", "spam/99", "spam/100", "spam/101", "ham/7");
            index.retainStored("spam", stored);
            index.retainStored("news", stored);

            assertThat(index.committedLocations("spam")).containsExactlyInAnyOrder("spam/98", "spam/99", "spam/100");
            assertThat(index.committedSteps("spam")).containsOnlyKeys("spam/98", "spam/99", "spam/100");
            assertThat(index.committedLocations("ham")).containsExactly("ham/7");
            assertThat(index.latest("spam")).map(CheckpointEvent::getGlobalStep).contains(100L);
        }
    }

    private static CheckpointEvent event(String task, long step) {
        String id = task + "/" + step;
        return CheckpointEvent.newBuilder().setCheckpointId(id).setTask(task).setBaseModel("tiny")
                .setShards(List.of()).setHyperParameters(Map.of()).setGlobalStep(step).setExamplesSeen(step)
                .setTrainLoss(0.5).setLocation(id).setContentHash("0".repeat(64)).setCreatedAt(Instant.EPOCH)
                .build();
    }
}
