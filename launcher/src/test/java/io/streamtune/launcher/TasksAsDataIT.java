package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.Topics;
import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.evaluator.EvaluatorService;
import io.streamtune.ingest.IngestConfig;
import io.streamtune.ingest.IngestService;
import io.streamtune.kafka.embedded.EmbeddedKafkaBroker;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskSpecOutcome;
import io.streamtune.schemas.TaskStatus;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.tasks.TaskSpecs;
import io.streamtune.testkit.MetricsEndpoint;
import io.streamtune.testkit.TaskSpecWriter;
import io.streamtune.trainer.TrainerConfig;
import io.streamtune.trainer.TrainerService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks as data, end to end: ingest, trainer and evaluator start with no task at all; a user creates one task with
 * the {@code task} command, produces examples, and creates a second task while the first trains; both reach a
 * promotion. Pausing the first stops its checkpoints while its examples keep being ingested; deleting the second
 * dead-letters its new examples; a spec no service can honour is refused by the command, and ignored and reported by
 * the trainer when written to the topic by another tool.
 */
class TasksAsDataIT {

    private static final Logger LOG = LoggerFactory.getLogger(TasksAsDataIT.class);
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String SPAM = "mail_spam-1";
    private static final String TICKETS = "support-tickets_2";

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private EmbeddedKafkaBroker broker;
    private EmbeddedRegistry registry;
    private PipelineRecords records;

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void shouldRunTwoTasksCreatedAtRunTimeAndFollowTheirPauseDeleteAndRefusals() throws Exception {
        broker = started(EmbeddedKafkaBroker.builder(dir.resolve("kafka")).build().start());
        broker.provision(Topics.ALL);
        registry = started(EmbeddedRegistry.builder(dir.resolve("registry")).build().start());
        records = new PipelineRecords(broker.bootstrapServers(), registry);
        started(IngestService.start(new IngestConfig(config(Map.of("validation.fraction", "0.3",
                "shard.max.examples", "20", "shard.max.age.ms", "1000", "shard.check.interval.ms", "200",
                "state.dir", dir.resolve("ingest-state").toString())))));
        TrainerService trainer = started(TrainerService.start(new TrainerConfig(config(Map.of("base.model", "tiny",
                "device", "cpu", "threads", "1", "max.length", "16", "batch.size", "8", "learning.rate", "0.002",
                "warmup.steps", "2", "checkpoint.every.shards", "1",
                "checkpoint.dir", dir.resolve("checkpoints").toString())))));
        started(EvaluatorService.start(new EvaluatorConfig(config(Map.of("base.model", "tiny",
                "checkpoint.dir", dir.resolve("checkpoints").toString(), "gate.rules", "macro_f1 >= 0.0",
                "min.validation.examples", "5", "validation.anchor.size", "5", "validation.recent.size", "200",
                "device", "cpu")))));

        // 1. A task created with the command; its first shard and checkpoint, timed from the command.
        Instant created = Instant.now();
        assertSucceeds("create", SPAM, "--labels", "ham,spam", "--base-model", "tiny");
        records.produce(KeywordExamples.examples(SPAM, "spam-a-", 60, 1));
        await().atMost(WAIT).until(() -> !shards(SPAM).isEmpty());
        Duration toShard = Duration.between(created, Instant.now());
        await().atMost(WAIT).until(() -> !checkpoints(SPAM).isEmpty());
        LOG.info("Task {}: first shard {} ms and first checkpoint {} ms after 'task create'", SPAM,
                toShard.toMillis(), Duration.between(created, Instant.now()).toMillis());

        // 2. A second task while the first trains: both reach a promotion.
        assertSucceeds("create", TICKETS, "--labels", "billing,bug", "--base-model", "tiny");
        produceWithTheCommand(tickets("tickets-a-", 60, 2));
        records.produce(KeywordExamples.examples(SPAM, "spam-b-", 40, 3));
        await().atMost(WAIT).until(() -> promoted(SPAM) && promoted(TICKETS));

        // 3. Paused: its examples are still ingested and sharded, its shards skipped, no new checkpoint.
        assertSucceeds("pause", SPAM);
        await().atMost(WAIT).until(() -> outcomes(SPAM, "trainer").size() == 2);
        int checkpointsBeforePause = checkpoints(SPAM).size();
        int shardsBeforePause = shards(SPAM).size();
        records.produce(KeywordExamples.examples(SPAM, "spam-c-", 40, 4));
        await().atMost(WAIT).until(() -> shards(SPAM).size() > shardsBeforePause);
        await().atMost(WAIT).until(() -> pausedShardsSkipped(trainer, SPAM) >= shards(SPAM).size()
                - shardsBeforePause);
        assertThat(checkpoints(SPAM)).hasSize(checkpointsBeforePause);

        // 4. Deleted: its new examples are dead-lettered as UNKNOWN_TASK.
        assertSucceeds("delete", TICKETS);
        await().atMost(WAIT).until(() -> outcomes(TICKETS, "ingest").contains(TaskSpecOutcome.DELETED));
        List<String> late = records.produce(tickets("tickets-late-", 5, 5));
        await().atMost(WAIT).untilAsserted(() -> assertThat(records.readAll(Topics.EXAMPLES_DLQ.name(),
                DeadLetter.class)).filteredOn(letter -> letter.getOriginalKey() != null
                        && late.contains(StandardCharsets.UTF_8.decode(letter.getOriginalKey()).toString()))
                .extracting(DeadLetter::getReasonCode).hasSize(5).containsOnly("UNKNOWN_TASK"));

        // 5. A base model no service can load: refused by the command, ignored and reported by the trainer.
        StreamtuneCommandTest.Run refused = task("create", "intent", "--labels", "buy,sell", "--base-model",
                "no-such-model");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("no-such-model");
        assertThat(records.readAll(Topics.TASKS.name(), TaskSpec.class)).extracting(TaskSpec::getName)
                .doesNotContain("intent");
        try (TaskSpecWriter writer = new TaskSpecWriter(broker.bootstrapServers(), registry.clientConfig())) {
            writer.write(TaskSpecs.of("intent", List.of("buy", "sell"), Instant.now()).setBaseModel("no-such-model")
                    .build());
        }
        await().atMost(WAIT).until(() -> outcomes("intent", "trainer").contains(TaskSpecOutcome.REJECTED));
        assertThat(statuses("intent", "trainer").get(0).getReason()).contains("no-such-model");
        assertThat(trainer.isRunning()).isTrue();
    }

    private void assertSucceeds(String... args) {
        StreamtuneCommandTest.Run run = task(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    /** Sends {@code examples} as a user would: JSON lines through {@code ./streamtune produce}. */
    private void produceWithTheCommand(List<LabeledExample> examples) throws Exception {
        Path lines = Files.write(dir.resolve("examples-" + System.nanoTime() + ".jsonl"), examples.stream()
                .map(e -> "{\"id\": \"" + e.getId() + "\", \"text\": \"" + e.getText() + "\", \"label\": \""
                        + e.getLabel() + "\"}").toList());
        StreamtuneCommandTest.Run run = StreamtuneCommandTest.run("produce", "--task", TICKETS, "--file",
                lines.toString(), "--bootstrap-servers", broker.bootstrapServers(), "--registry-url", registry.url());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Sent " + examples.size() + " example(s) of task " + TICKETS);
    }

    private StreamtuneCommandTest.Run task(String... args) {
        return StreamtuneCommandTest.run(Stream.of(Stream.of("task"), Stream.of(args), Stream.of(
                "--bootstrap-servers", broker.bootstrapServers(), "--registry-url", registry.url()))
                .flatMap(s -> s).toArray(String[]::new));
    }

    /** Keyword examples relabelled for a ticket task: spam keywords are billing, ham keywords a bug. */
    private static List<LabeledExample> tickets(String prefix, int count, long seed) {
        List<LabeledExample> examples = KeywordExamples.examples(TICKETS, prefix, count, seed);
        examples.forEach(example -> example.setLabel(example.getLabel().equals("spam") ? "billing" : "bug"));
        return examples;
    }

    private List<TrainingShard> shards(String task) {
        return records.readAll(Topics.SHARDS.name(), TrainingShard.class).stream()
                .filter(shard -> shard.getTask().equals(task)).toList();
    }

    private List<CheckpointEvent> checkpoints(String task) {
        return records.readAll(Topics.CHECKPOINTS.name(), CheckpointEvent.class).stream()
                .filter(event -> event.getTask().equals(task)).toList();
    }

    private boolean promoted(String task) {
        return records.readAll(Topics.PROMOTIONS.name(), PromotionEvent.class).stream()
                .anyMatch(promotion -> promotion.getTask().equals(task));
    }

    private List<TaskStatus> statuses(String task, String service) {
        return records.readAll(Topics.TASK_STATUS.name(), TaskStatus.class).stream()
                .filter(status -> status.getTask().equals(task) && status.getService().equals(service)).toList();
    }

    private List<TaskSpecOutcome> outcomes(String task, String service) {
        return statuses(task, service).stream().map(TaskStatus::getOutcome).toList();
    }

    private static double pausedShardsSkipped(TrainerService trainer, String task) {
        Matcher skipped = Pattern.compile("(?m)^streamtune_trainer_shards_skipped_total\\{(?=[^}]*reason=\"paused\")"
                + "(?=[^}]*task=\"" + Pattern.quote(task) + "\")[^}]*} (\\S+)$")
                .matcher(MetricsEndpoint.at(trainer.metricsPort()).metrics());
        return skipped.find() ? Double.parseDouble(skipped.group(1)) : 0;
    }

    private Map<String, Object> config(Map<String, String> own) {
        Map<String, Object> config = new HashMap<>(own);
        config.putAll(Map.of("bootstrap.servers", broker.bootstrapServers(), "schema.registry.url", registry.url(),
                "metrics.port", "0"));
        return config;
    }

    private <T extends AutoCloseable> T started(T closeable) {
        closeables.add(closeable);
        return closeable;
    }
}
