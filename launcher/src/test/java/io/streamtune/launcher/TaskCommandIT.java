package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.evaluator.ops.TopicReplay;
import io.streamtune.launcher.demo.DemoTask;
import io.streamtune.launcher.demo.PipelineSpec;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskSpecOutcome;
import io.streamtune.schemas.TaskState;
import io.streamtune.schemas.TaskStatus;
import io.streamtune.tasks.TaskStatusReporter;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The {@code task} commands against a real broker and registry, as a user runs them. The broker serves the whole test
 * run, so each test uses its own task names and looks only at its own records on the tasks topic.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class TaskCommandIT {

    private KafkaBroker broker;
    private EmbeddedRegistry registry;
    private String[] connection;

    @BeforeEach
    void provision(KafkaBroker kafkaBroker, EmbeddedRegistry embeddedRegistry) throws Exception {
        this.broker = kafkaBroker;
        this.registry = embeddedRegistry;
        this.connection = new String[] {"--bootstrap-servers", broker.bootstrapServers(), "--registry-url",
            registry.url()};
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(Topics.ALL);
        }
    }

    @Test
    void shouldCreateListDescribeUpdatePauseResumeAndDeleteATaskOnTheTasksTopic() throws Exception {
        String name = "support_tickets-v1";
        StreamtuneCommandTest.Run create = task("create", name, "--labels", "billing,bug,other",
                "--base-model", "all-MiniLM-L6-v2", "--batch-size", "16", "--gate", "macro_f1 >= 0.5",
                "--description", "support tickets");
        assertThat(create.exitCode()).as(create.err()).isZero();
        long offset = taskRecords(name).get(0).offset();
        assertThat(create.out()).contains("Created task support_tickets-v1 at tasks offset " + offset + ":",
                "\"labels\" : [ \"billing\", \"bug\", \"other\" ]", "\"batchSize\" : 16");

        StreamtuneCommandTest.Run again = task("create", name, "--labels", "a,b");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("task 'support_tickets-v1' exists", "task update support_tickets-v1");

        StreamtuneCommandTest.Run labels = task("update", name, "--labels", "billing,bug");
        assertThat(labels.exitCode()).isEqualTo(2);
        assertThat(labels.err()).contains("refused, nothing written", "labels cannot change in place",
                "create a new task instead");
        assertThat(taskRecords(name)).as("neither refusal wrote anything").hasSize(1);

        reportStatus(name, offset, "ingest", TaskSpecOutcome.APPLIED, null);
        reportStatus(name, offset, "trainer", TaskSpecOutcome.REJECTED, "baseModel: not on this trainer");
        publishShardAndCheckpoint(name);

        StreamtuneCommandTest.Run list = task("list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("support_tickets-v1 +ACTIVE +billing,bug,other +all-MiniLM-L6-v2 "
                + "+ingest=APPLIED trainer=REJECTED");

        StreamtuneCommandTest.Run describe = task("describe", name);
        assertThat(describe.exitCode()).as(describe.err()).isZero();
        assertThat(describe.out()).contains("Task support_tickets-v1 (ACTIVE), version at tasks offset " + offset,
                "training.batchSize", "evaluation.gateRules", "macro_f1 >= 0.5",
                "trainer    REJECTED: baseModel: not on this trainer", "shards              2",
                "checkpoints         1, newest ck-7", "champion            the base model (no promotion yet)");
        JsonNode json = new ObjectMapper().readTree(task("describe", name, "--json").out());
        assertThat(json.path("spec").path("training").path("batchSize").asInt()).isEqualTo(16);
        assertThat(json.path("services").path("trainer").path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(json.path("live").path("shards").asLong()).isEqualTo(2);
        assertThat(new ObjectMapper().readTree(task("list", "--json").out()).findValuesAsText("name"))
                .contains(name);

        assertThat(task("update", name, "--batch-size", "32").exitCode()).isZero();
        assertThat(task("pause", name).out()).contains("paused");
        assertThat(task("pause", name).out()).contains("already PAUSED; nothing written");
        assertThat(task("resume", name).out()).contains("resumed");
        StreamtuneCommandTest.Run delete = task("delete", name);
        assertThat(delete.exitCode()).as(delete.err()).isZero();
        assertThat(delete.out()).contains("Deleted task support_tickets-v1", "UNKNOWN_TASK");

        List<ConsumerRecord<String, byte[]>> records = taskRecords(name);
        List<TaskSpec> specs = decode(records.subList(0, 4));
        assertThat(specs).extracting(s -> s.getTraining().getBatchSize()).containsExactly(16, 32, 32, 32);
        assertThat(specs).extracting(TaskSpec::getState).containsExactly(TaskState.ACTIVE, TaskState.ACTIVE,
                TaskState.PAUSED, TaskState.ACTIVE);
        assertThat(records.get(4).value()).as("delete writes a tombstone").isNull();
        assertThat(records).hasSize(5);
        assertThat(task("list").out()).doesNotContain(name);
        assertThat(task("describe", name).exitCode()).isEqualTo(2);
    }

    @Test
    void shouldRefuseAnUnknownBaseModelBeforeWritingAnything() throws Exception {
        int before = taskRecords(null).size();

        StreamtuneCommandTest.Run create = task("create", "tickets", "--labels", "billing,bug,other",
                "--base-model", "gpt-9", "--gate", "macro_f1 > 0.8");

        assertThat(create.exitCode()).isEqualTo(2);
        assertThat(create.err()).contains("task 'tickets' refused, nothing written",
                "  - baseModel: unknown base model 'gpt-9'", "  - evaluation.gateRules: Cannot read gate rule");
        assertThat(taskRecords(null)).as("nothing written").hasSize(before);
    }

    @Test
    void shouldCreateTheDemoTaskThroughTheTaskCommandsCodeOnceAndReuseItOnTheSameBroker() throws Exception {
        PipelineSpec pipeline = PipelineSpec.empty(Path.of("run"), new PipelineSpec.Ports(
                Integer.parseInt(broker.bootstrapServers().replaceAll(".*:", "")), registry.port(), 0, 0, 0, 0));
        List<String> progress = new ArrayList<>();

        DemoTask.createOrReuse(pipeline, progress::add);
        DemoTask.createOrReuse(pipeline, progress::add);

        assertThat(progress).hasSize(2);
        long offset = taskRecords(PipelineSpec.TASK).get(0).offset();
        assertThat(progress.get(0)).contains("task spam created on the tasks topic (offset " + offset + ")");
        assertThat(progress.get(1)).contains("task spam is on the tasks topic already (offset " + offset
                + "): using it");
        assertThat(task("list").out()).containsPattern("spam +ACTIVE +ham,spam +all-MiniLM-L6-v2");
        assertThat(taskRecords(PipelineSpec.TASK)).hasSize(1);
    }

    @Test
    void shouldFlushTheReportWhenTheOutputIsABufferedStream() throws Exception {
        assertThat(task("create", "flushed_report-1", "--labels", "a,b").exitCode()).isZero();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CommandLine cli = Streamtune.commandLine();
        // As main runs it: a PrintWriter on a stream buffers until flushed, and main exits right after.
        cli.setOut(new PrintWriter(bytes));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute(Stream.concat(Stream.of("task", "list"), Stream.of(connection)).toArray(String[]::new));

        assertThat(code).as(err.toString()).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("flushed_report-1");
    }

    private StreamtuneCommandTest.Run task(String... args) {
        return StreamtuneCommandTest.run(Stream.concat(Stream.concat(Stream.of("task"), Stream.of(args)),
                Stream.of(connection)).toArray(String[]::new));
    }

    private void reportStatus(String task, long offset, String service, TaskSpecOutcome outcome, String reason) {
        Map<String, Object> config = Map.of("bootstrap.servers", broker.bootstrapServers(),
                "schema.registry.url", registry.url());
        try (TaskStatusReporter reporter = new TaskStatusReporter(
                new io.streamtune.common.config.KafkaConnectionConfig(config))) {
            reporter.report(TaskStatus.newBuilder().setTask(task).setService(service).setInstance(service + "-1")
                    .setSpecOffset(offset).setOutcome(outcome).setReason(reason)
                    .setAppliedOffset(outcome == TaskSpecOutcome.APPLIED ? offset : -1).setReportedAt(Instant.now())
                    .build());
        }
    }

    /** Two shards (the count is by key: their bytes do not matter here) and one checkpoint announcement. */
    private void publishShardAndCheckpoint(String task) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer());
                AvroRegistrySerde<CheckpointEvent> checkpoints =
                        RegistrySerdes.specific(CheckpointEvent.class, registry.clientConfig(), false)) {
            for (String key : List.of(task, "other", task)) {
                producer.send(new ProducerRecord<>(Topics.SHARDS.name(), key, "shard".getBytes(
                        StandardCharsets.UTF_8))).get();
            }
            CheckpointEvent event = CheckpointEvent.newBuilder().setCheckpointId("ck-7").setTask(task)
                    .setParentCheckpointId(null).setBaseModel("all-MiniLM-L6-v2").setShards(List.of())
                    .setHyperParameters(Map.of()).setGlobalStep(12).setExamplesSeen(192).setTrainLoss(0.4)
                    .setLocation(task + "/ck-7").setContentHash("ab".repeat(32)).setCreatedAt(Instant.now())
                    .build();
            producer.send(new ProducerRecord<>(Topics.CHECKPOINTS.name(), task,
                    checkpoints.serializer().serialize(Topics.CHECKPOINTS.name(), event))).get();
        }
    }

    /** The records of {@code task} on the tasks topic, oldest first; every record when {@code task} is null. */
    private List<ConsumerRecord<String, byte[]>> taskRecords(String task) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicReplay.assignFromBeginning(consumer, List.of(Topics.TASKS.name()));
            TopicReplay.untilEnd(consumer, () -> false, record -> {
                if (task == null || task.equals(record.key())) {
                    records.add(record);
                }
            });
        }
        return records;
    }

    private List<TaskSpec> decode(List<ConsumerRecord<String, byte[]>> records) {
        try (AvroRegistrySerde<TaskSpec> serde = RegistrySerdes.specific(TaskSpec.class, registry.clientConfig(),
                false)) {
            return records.stream().map(r -> serde.deserializer().deserialize(r.topic(), r.headers(), r.value()))
                    .toList();
        }
    }
}
