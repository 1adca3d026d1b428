package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.TaskEvaluation;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskSpecOutcome;
import io.streamtune.schemas.TaskState;
import io.streamtune.schemas.TaskStatus;
import io.streamtune.tasks.TaskSpecs;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import io.streamtune.testkit.MetricsEndpoint;
import io.streamtune.testkit.TaskSpecWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator follows a task's spec on the tasks topic while it runs, on the real broker and registry: a gate that
 * can never pass rejects the task's candidate, a spec with a gate rule that does not parse is refused and reported
 * (the good version stays), a permissive gate promotes the next candidate, a paused task's checkpoint is not
 * evaluated, nor a deleted task's, whose validation set is dropped. The evaluator's own gate is permissive
 * throughout, so each rejection is the spec's doing. The task's name has a '-' and a '_'.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class EvaluatorTaskSpecIT {

    private static final String TASK = "mail-triage_v1";
    private static final String GROUP = "evaluator-task-spec-it";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int VALIDATION_EXAMPLES = 90;

    @TempDir
    static Path dir;

    @Test
    void shouldFollowTheTasksGateAndSkipItsCheckpointsWhilePausedAndOnceDeleted(KafkaBroker broker,
            EmbeddedRegistry registry) throws Exception {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        CheckpointMetadata good = TestModels.trainAndSave(store, TASK + "/good", false);
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(EvaluatorService.TOPICS);
        }
        Map<String, Object> registryConfig = registry.clientConfig();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
                        "all"), new StringSerializer(), new ByteArraySerializer());
                AvroRegistrySerde<LabeledExample> examples = serde(LabeledExample.class, registryConfig);
                AvroRegistrySerde<CheckpointEvent> checkpoints = serde(CheckpointEvent.class, registryConfig);
                TaskSpecWriter specs = new TaskSpecWriter(broker.bootstrapServers(), registryConfig);
                Subscriber output = new Subscriber(broker, registryConfig)) {
            for (LabeledExample example : TestModels.examples("triage-", VALIDATION_EXAMPLES, 4)) {
                send(producer, Topics.EXAMPLES_VALIDATION.name(), examples.serializer(),
                        LabeledExample.newBuilder(example).setTask(TASK).build());
            }
            EvaluatorService service = start(broker, registryConfig, store);
            try {
                // 1. A gate that can never pass: the candidate is rejected by the spec's rule.
                output.awaitStatus(specs.write(spec("macro_f1 >= 2", TaskState.ACTIVE)), TaskSpecOutcome.APPLIED);
                send(producer, Topics.CHECKPOINTS.name(), checkpoints.serializer(), event("c1", good));
                EvaluationEvent rejected = output.awaitEvaluation("c1");
                assertThat(rejected.getPromoted()).isFalse();
                assertThat(rejected.getOutcome()).isEqualTo("THRESHOLD_FAILED");
                assertThat(rejected.getReason()).contains("< 2");

                // 2. A gate rule the evaluator cannot read: refused and reported, the good version stays.
                TaskStatus refused = output.awaitStatus(specs.write(spec("f1 > champion", TaskState.ACTIVE)),
                        TaskSpecOutcome.REJECTED);
                assertThat(refused.getReason()).contains("evaluation.gateRules", "'f1 > champion'");

                // 3. A permissive gate applies from the next evaluation: the next candidate is promoted.
                output.awaitStatus(specs.write(spec("macro_f1 >= 0.6", TaskState.ACTIVE)), TaskSpecOutcome.APPLIED);
                send(producer, Topics.CHECKPOINTS.name(), checkpoints.serializer(), event("c2", good));
                EvaluationEvent promoted = output.awaitEvaluation("c2");
                assertThat(promoted.getPromoted()).as(promoted.getReason()).isTrue();
                assertThat(promoted.getReason()).startsWith("promoted over base model: macro_f1 ").contains(">= 0.6");

                // 4. Paused: the checkpoint is skipped (counted), not evaluated.
                output.awaitStatus(specs.write(spec("macro_f1 >= 0.6", TaskState.PAUSED)), TaskSpecOutcome.APPLIED);
                send(producer, Topics.CHECKPOINTS.name(), checkpoints.serializer(), event("c3", good));
                MetricsEndpoint metrics = MetricsEndpoint.at(service.metricsPort());
                await().atMost(WAIT).until(() -> metrics.metrics().contains(skipped("paused")));
                double heldWithTask = validationExamples(metrics.metrics());

                // 5. Deleted: the checkpoint is skipped, the task's validation set dropped.
                output.awaitStatus(specs.delete(TASK), TaskSpecOutcome.DELETED);
                send(producer, Topics.CHECKPOINTS.name(), checkpoints.serializer(), event("c4", good));
                await().atMost(WAIT).until(() -> metrics.metrics().contains(skipped("deleted")));
                await().atMost(WAIT).until(() -> validationExamples(metrics.metrics())
                        == heldWithTask - VALIDATION_EXAMPLES);
            } finally {
                service.close();
            }
            output.poll();
            assertThat(output.evaluations).extracting(EvaluationEvent::getCheckpointId).containsExactly("c1", "c2");
            assertThat(output.promotions).extracting(PromotionEvent::getModelVersion).containsExactly("c2");
        } finally {
            deleteWhatThisTestWrote(broker);
        }
    }

    /**
     * Deletes the checkpoints and validation examples written here: the broker outlives this class's registry, so an
     * evaluator of a later test class would find them undecodable (and count them).
     */
    private static void deleteWhatThisTestWrote(KafkaBroker broker) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(List.of(Topics.CHECKPOINTS.name(), Topics.EXAMPLES_VALIDATION.name()))
                    .allTopicNames().get().values().forEach(topic -> topic.partitions().forEach(partition ->
                            ends.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
            Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
            admin.listOffsets(ends).all().get().forEach((partition, end) ->
                    deletions.put(partition, RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(deletions).all().get();
        }
    }

    private static EvaluatorService start(KafkaBroker broker, Map<String, Object> registryConfig,
            DirectoryCheckpointStore store) throws InterruptedException {
        EvaluatorService service = EvaluatorService.start(EvaluatorServiceIT.config(broker, registryConfig, store,
                GROUP, GROUP, "macro_f1 >= 0.6"), new TestModels.TinyBase(), Clock.systemUTC());
        await().atMost(WAIT).until(service::isReady);
        return service;
    }

    private static TaskSpec spec(String gateRules, TaskState state) {
        return TaskSpecs.of(TASK, TestModels.LABELS.labels(), Instant.now()).setState(state)
                .setEvaluation(TaskEvaluation.newBuilder().setGateRules(gateRules).setMinValidationExamples(50)
                        .build()).build();
    }

    private static CheckpointEvent event(String version, CheckpointMetadata checkpoint) {
        return CheckpointEvent.newBuilder(EvaluatorTest.event(version, checkpoint)).setTask(TASK)
                .setCreatedAt(Instant.now()).build();
    }

    private static String skipped(String reason) {
        return "streamtune_evaluator_checkpoints_skipped_total{reason=\"" + reason + "\",task=\"" + TASK + "\"} 1.0";
    }

    private static double validationExamples(String metrics) {
        Matcher matcher = Pattern.compile("(?m)^streamtune_evaluator_validation_examples ([0-9.E]+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> AvroRegistrySerde<T> serde(Class<T> type,
            Map<String, Object> registryConfig) {
        return RegistrySerdes.specific(type, registryConfig, false);
    }

    private static <T> void send(KafkaProducer<String, byte[]> producer, String topic, Serializer<T> serializer,
            T value) throws Exception {
        producer.send(new ProducerRecord<>(topic, TASK, serializer.serialize(topic, value))).get();
    }

    /** The task's committed evaluations and promotions, and the evaluator's statuses of it. */
    private static final class Subscriber implements AutoCloseable {
        final List<EvaluationEvent> evaluations = new ArrayList<>();
        final List<PromotionEvent> promotions = new ArrayList<>();
        final List<TaskStatus> statuses = new ArrayList<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final AvroRegistrySerde<EvaluationEvent> evaluationSerde;
        private final AvroRegistrySerde<PromotionEvent> promotionSerde;
        private final AvroRegistrySerde<TaskStatus> statusSerde;

        Subscriber(KafkaBroker broker, Map<String, Object> registryConfig) {
            consumer = CommittedReaders.subscribe(broker.bootstrapServers(), GROUP + "-subscriber",
                    List.of(Topics.EVALUATIONS.name(), Topics.PROMOTIONS.name(), Topics.TASK_STATUS.name()));
            evaluationSerde = serde(EvaluationEvent.class, registryConfig);
            promotionSerde = serde(PromotionEvent.class, registryConfig);
            statusSerde = serde(TaskStatus.class, registryConfig);
        }

        /** Reads what arrived; other tasks' records (other tests share the topics) are left out. */
        Subscriber poll() {
            consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                String topic = record.topic();
                if (topic.equals(Topics.TASK_STATUS.name())) {
                    TaskStatus status = statusSerde.deserializer().deserialize(topic, record.value());
                    if (status.getTask().equals(TASK) && status.getService().equals("evaluator")) {
                        statuses.add(status);
                    }
                } else if (!TASK.equals(record.key())) {
                    return;
                } else if (topic.equals(Topics.EVALUATIONS.name())) {
                    evaluations.add(evaluationSerde.deserializer().deserialize(topic, record.value()));
                } else {
                    promotions.add(promotionSerde.deserializer().deserialize(topic, record.value()));
                }
            });
            return this;
        }

        /** Waits until the evaluator reported {@code outcome} for the spec version at {@code offset}. */
        TaskStatus awaitStatus(long offset, TaskSpecOutcome outcome) {
            TaskStatus status = await().atMost(WAIT).until(() -> poll().statuses.stream()
                    .filter(reported -> reported.getSpecOffset() == offset).findFirst().orElse(null),
                    reported -> reported != null);
            assertThat(status.getOutcome()).as(String.valueOf(status.getReason())).isEqualTo(outcome);
            return status;
        }

        EvaluationEvent awaitEvaluation(String version) {
            return await().atMost(WAIT).until(() -> poll().evaluations.stream()
                    .filter(evaluation -> evaluation.getCheckpointId().equals(version)).findFirst().orElse(null),
                    evaluation -> evaluation != null);
        }

        @Override
        public void close() {
            consumer.close();
            List.of(evaluationSerde, promotionSerde, statusSerde).forEach(AvroRegistrySerde::close);
        }
    }
}
