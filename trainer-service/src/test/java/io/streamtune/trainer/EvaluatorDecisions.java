package io.streamtune.trainer;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.testkit.KafkaBroker;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes decisions on checkpoints as the evaluator does: evaluations and promotions, in the registry format. */
final class EvaluatorDecisions implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final AvroRegistrySerde<EvaluationEvent> evaluations;
    private final AvroRegistrySerde<PromotionEvent> promotions;

    EvaluatorDecisions(KafkaBroker broker, EmbeddedRegistry registry) {
        this.producer = TrainerHarness.producer(broker);
        this.evaluations = RegistrySerdes.specific(EvaluationEvent.class, registry.clientConfig(), false);
        this.promotions = RegistrySerdes.specific(PromotionEvent.class, registry.clientConfig(), false);
    }

    void evaluated(CheckpointEvent checkpoint, boolean promoted, Instant at) {
        EvaluationEvent evaluation = EvaluationEvent.newBuilder().setTask(checkpoint.getTask())
                .setCheckpointId(checkpoint.getCheckpointId()).setThresholds(List.of()).setPromoted(promoted)
                .setReason(promoted ? "better" : "not better").setOutcome(promoted ? "PROMOTED" : "THRESHOLD_FAILED")
                .setEvaluatedAt(at).build();
        String topic = Topics.EVALUATIONS.name();
        producer.send(new ProducerRecord<>(topic, checkpoint.getTask(),
                evaluations.serializer().serialize(topic, evaluation)));
    }

    /** @param kind PROMOTION or ROLLBACK */
    void promoted(CheckpointEvent checkpoint, String kind, Instant at) {
        PromotionEvent promotion = PromotionEvent.newBuilder().setTask(checkpoint.getTask())
                .setModelVersion(checkpoint.getCheckpointId()).setLocation(checkpoint.getLocation())
                .setContentHash(checkpoint.getContentHash()).setKind(kind).setReason(kind.toLowerCase())
                .setPromotedAt(at).build();
        String topic = Topics.PROMOTIONS.name();
        producer.send(new ProducerRecord<>(topic, checkpoint.getTask(),
                promotions.serializer().serialize(topic, promotion)));
    }

    /** Waits until everything published is acknowledged. */
    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
        evaluations.close();
        promotions.close();
    }
}
