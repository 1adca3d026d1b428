package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.schemas.DriftEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.PromotionEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecisionPublisherTest {

    private static final TopicPartition PARTITION = new TopicPartition(Topics.CHECKPOINTS.name(), 0);
    private static final ConsumerRecord<String, byte[]> CHECKPOINT =
            new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), 7L, "spam", new byte[] {0});
    private static final Serializer<EvaluationEvent> NO_EVALUATIONS = (topic, event) -> {
        throw new AssertionError("nothing to encode for an undecodable checkpoint");
    };
    private static final Serializer<PromotionEvent> NO_PROMOTIONS = (topic, event) -> {
        throw new AssertionError("nothing to encode for an undecodable checkpoint");
    };

    private static final Serializer<DriftEvent> DRIFT_SIGNAL_NAME =
            (topic, event) -> event.getSignal().getBytes(StandardCharsets.UTF_8);

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final MockConsumer<String, byte[]> checkpoints = new MockConsumer<>("earliest");
    private final BrokerRetry retry = new BrokerRetry(Duration.ofMillis(1), Duration.ofMillis(1), () -> false);
    private final DecisionPublisher publisher =
            new DecisionPublisher(producer, NO_EVALUATIONS, NO_PROMOTIONS, DRIFT_SIGNAL_NAME, retry, () -> false);

    @BeforeEach
    void assignTheCheckpointPartition() {
        checkpoints.assign(List.of(PARTITION));
        checkpoints.updateBeginningOffsets(Map.of(PARTITION, 0L));
        checkpoints.seek(PARTITION, CHECKPOINT.offset() + 1);
        publisher.initTransactions();
    }

    @Test
    void shouldCommitTheCheckpointsOffsetInTheDecisionsTransaction() {
        boolean published = publisher.publish(CHECKPOINT, null, null, checkpoints);

        assertThat(published).isTrue();
        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(producer.consumerGroupOffsetsHistory()).singleElement()
                .satisfies(offsets -> assertThat(offsets.values()).singleElement()
                        .isEqualTo(Map.of(PARTITION, new OffsetAndMetadata(CHECKPOINT.offset() + 1))));
    }

    @Test
    void shouldAbortAndRewindToTheCheckpointWhenTheTransactionCanBeAborted() {
        producer.sendOffsetsToTransactionException = new KafkaException("the group rebalanced");

        boolean published = publisher.publish(CHECKPOINT, null, null, checkpoints);

        assertThat(published).isFalse();
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.commitCount()).isZero();
        assertThat(checkpoints.position(PARTITION)).isEqualTo(CHECKPOINT.offset());
    }

    @Test
    void shouldStopOnAFatalError() {
        producer.sendOffsetsToTransactionException = new ProducerFencedException("another evaluator took over");

        assertThatThrownBy(() -> publisher.publish(CHECKPOINT, null, null, checkpoints))
                .isInstanceOf(ProducerFencedException.class);
        assertThat(producer.commitCount()).isZero();
    }

    @Test
    void shouldPublishDriftEventsKeyedByTaskInTheDecisionsTransaction() {
        DriftEvent event = DriftEvent.newBuilder().setTask("spam").setSignal("LABEL").setValue(0.4)
                .setMaxShareChange(0.3).setLevel("DRIFT").setPreviousLevel("NONE").setWatchThreshold(0.1)
                .setDriftThreshold(0.25).setWindowSize(200).setReferenceSize(800).setBins(List.of("ham", "spam"))
                .setWindowCounts(List.of(60L, 140L)).setReferenceCounts(List.of(560L, 240L))
                .setDetectedAt(Instant.EPOCH).build();

        boolean published = publisher.publish(CHECKPOINT, null, null, List.of(event), checkpoints);

        assertThat(published).isTrue();
        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(Topics.DRIFT.name());
            assertThat(record.key()).isEqualTo("spam");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("LABEL");
        });
    }
}
