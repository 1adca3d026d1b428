package io.streamtune.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskSpecOutcome;
import io.streamtune.schemas.TaskState;
import io.streamtune.schemas.TaskStatus;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import io.streamtune.testkit.TaskSpecWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The catalog on the real broker and registry: follows creates, changes, refusals and deletes as they are written. */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class TaskCatalogIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaBroker broker;
    private EmbeddedRegistry registry;
    private KafkaConnectionConfig config;

    @BeforeEach
    void provision(KafkaBroker broker, EmbeddedRegistry registry) throws Exception {
        this.broker = broker;
        this.registry = registry;
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(List.of(Topics.TASKS, Topics.TASK_STATUS));
        }
        Map<String, Object> settings = new HashMap<>(registry.clientConfig());
        settings.put("bootstrap.servers", broker.bootstrapServers());
        this.config = new KafkaConnectionConfig(settings);
    }

    @Test
    void shouldFollowCreatesChangesRefusalsAndDeletesAndReportEach() throws Exception {
        String task = "tickets_" + System.nanoTime() + "-it";
        List<TaskChange> changes = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (TaskSpecWriter writer = new TaskSpecWriter(broker.bootstrapServers(), registry.clientConfig());
                TaskCatalog catalog = TaskCatalog.builder("trainer", config).listener(changes::add).meters(meters)
                        .check(spec -> "no-such-model".equals(spec.getBaseModel())
                                ? List.of("baseModel: unknown base model 'no-such-model'") : List.of())
                        .start()) {
            assertThat(catalog.awaitCaughtUp(WAIT)).isTrue();

            TaskSpec created = TaskSpecs.of(task, List.of("billing", "bug"), Instant.now()).build();
            long createdAt = writer.write(created);
            await().atMost(WAIT).until(() -> catalog.get(task).isPresent());
            assertThat(catalog.get(task)).contains(created);

            writer.write(TaskSpecs.of(task, List.of("billing", "bug", "other"), Instant.now()).build());
            writer.writeRaw(task, "not avro".getBytes(StandardCharsets.UTF_8));
            TaskSpec paused = TaskSpecs.of(task, List.of("billing", "bug"), Instant.now()).setState(TaskState.PAUSED)
                    .build();
            writer.write(paused);
            await().atMost(WAIT).until(() -> catalog.get(task).map(TaskSpec::getState).orElse(null)
                    == TaskState.PAUSED);

            writer.delete(task);
            await().atMost(WAIT).until(() -> catalog.get(task).isEmpty());

            String unknownBase = "other_" + System.nanoTime();
            writer.write(TaskSpecs.of(unknownBase, List.of("a", "b"), Instant.now()).setBaseModel("no-such-model")
                    .build());
            await().atMost(WAIT).until(() -> catalog.rejections().containsKey(unknownBase));
            assertThat(catalog.rejections().get(unknownBase)).contains("unknown base model 'no-such-model'");
            assertThat(catalog.get(unknownBase)).isEmpty();

            assertThat(changes).filteredOn(change -> change.task().equals(task))
                    .extracting(change -> change.created() ? "created" : change.deleted() ? "deleted" : "changed")
                    .containsExactly("created", "changed", "deleted");
            assertThat(meters.get("streamtune_task_spec_versions_total").tag("outcome", "rejected").counter()
                    .count()).isGreaterThanOrEqualTo(3);
            assertThat(statuses(task)).extracting(TaskStatus::getOutcome).containsExactly(TaskSpecOutcome.APPLIED,
                    TaskSpecOutcome.REJECTED, TaskSpecOutcome.REJECTED, TaskSpecOutcome.APPLIED,
                    TaskSpecOutcome.DELETED);
            assertThat(statuses(task).get(1).getReason()).contains("labels cannot change in place");
            assertThat(statuses(task).get(2).getReason()).startsWith("undecodable spec");
            assertThat(statuses(task).get(2).getAppliedOffset()).isEqualTo(createdAt);
        }
    }

    @Test
    void shouldStartWithEveryTaskAlreadyOnTheTopic() throws Exception {
        String first = "first-" + System.nanoTime();
        String second = "second_" + System.nanoTime();
        try (TaskSpecWriter writer = new TaskSpecWriter(broker.bootstrapServers(), registry.clientConfig())) {
            writer.write(TaskSpecs.of(first, List.of("a", "b"), Instant.now()).build());
            writer.write(TaskSpecs.of(second, List.of("x", "y"), Instant.now()).build());
        }
        try (TaskCatalog catalog = TaskCatalog.builder("ingest", config).status(TaskStatusSink.NONE).start()) {
            assertThat(catalog.awaitCaughtUp(WAIT)).isTrue();

            assertThat(catalog.current()).containsKeys(first, second);
        }
    }

    private List<TaskStatus> statuses(String task) {
        List<TaskStatus> found = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, TaskStatus> consumer = CommittedReaders.subscribe(broker.bootstrapServers(),
                "status-reader-" + System.nanoTime(),
                RegistrySerdes.specific(TaskStatus.class, registry.clientConfig(), false).deserializer(),
                List.of(Topics.TASK_STATUS.name()))) {
            await().atMost(WAIT).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                    if (record.value().getTask().equals(task)) {
                        found.add(record.value());
                    }
                });
                assertThat(found).hasSizeGreaterThanOrEqualTo(5);
            });
        }
        return found;
    }
}
