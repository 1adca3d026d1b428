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
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.ShardLineage;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.MetricsEndpoint;
import io.streamtune.trainer.TrainerConfig;
import io.streamtune.trainer.TrainerService;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker outage longer than every client timeout in effect, in the middle of a run of all three services (tiny base
 * model): the broker stops once ingest committed a second batch of examples (trainer and evaluator may still be at
 * work) and comes back on the same port and log directory {@link #OUTAGE} later. Throughout the outage every service
 * stays live and is not ready; afterwards all three are ready again and go on, and nothing is lost or duplicated:
 * every example id accepted once, every shard trained into exactly one committed checkpoint, every checkpoint
 * evaluated once, no promotion published twice.
 */
class BrokerOutageIT {

    /** Every client timeout the services run with here is at most this long... */
    private static final Duration LONGEST_CLIENT_TIMEOUT = Duration.ofSeconds(20);
    /** ...and the broker stays down for twice as long. */
    private static final Duration OUTAGE = LONGEST_CLIENT_TIMEOUT.multipliedBy(2);
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final String TASK = "spam";

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private EmbeddedKafkaBroker broker;
    private EmbeddedRegistry registry;

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void shouldRideOutABrokerOutageLongerThanEveryClientTimeoutWithoutLosingOrRepeatingWork() throws Exception {
        rideOutOutage(false);
    }

    /**
     * The same outage while ingest's exactly-once transaction still holds uncommitted output of several tasks: the
     * case where Kafka Streams aborts output of tasks it keeps running (ingest README, "A transaction aborted under a
     * running task").
     */
    @Test
    void shouldNotLoseExamplesInFlightInIngestWhenTheBrokerStopsMidTransaction() throws Exception {
        rideOutOutage(true);
    }

    /**
     * @param ingestInFlight stop the broker right after the second batch reached it (ingest mid-transaction), instead
     *                       of once ingest has committed it (trainer and evaluator still at work on it)
     */
    private void rideOutOutage(boolean ingestInFlight) throws Exception {
        broker = started(EmbeddedKafkaBroker.builder(dir.resolve("kafka")).build().start());
        broker.provision(Topics.ALL);
        registry = started(EmbeddedRegistry.builder(dir.resolve("registry")).build().start());
        IngestService ingest = started(IngestService.start(new IngestConfig(config(Map.of(
                "tasks", TASK, "task.spam.labels", "ham,spam", "validation.fraction", "0.3",
                "group.instance.id", "ingest-1", "shard.max.examples", "30", "shard.max.age.ms", "1000",
                "shard.check.interval.ms", "200", "state.dir", dir.resolve("ingest-state").toString(),
                // Kafka Streams' own retry window, shortened with the clients'.
                "streams.task.timeout.ms", "10000")))));
        TrainerService trainer = started(TrainerService.start(new TrainerConfig(config(Map.ofEntries(
                Map.entry("tasks", TASK), Map.entry("task.spam.labels", "ham,spam"), Map.entry("base.model", "tiny"),
                Map.entry("group.instance.id", "trainer-1"), Map.entry("max.poll.interval.ms", "20000"),
                Map.entry("device", "cpu"), Map.entry("threads", "1"), Map.entry("max.length", "16"),
                Map.entry("batch.size", "8"), Map.entry("learning.rate", "0.002"), Map.entry("warmup.steps", "2"),
                Map.entry("checkpoint.every.shards", "1"),
                Map.entry("checkpoint.dir", dir.resolve("checkpoints").toString()))))));
        EvaluatorService evaluator = started(EvaluatorService.start(new EvaluatorConfig(config(Map.of(
                "checkpoint.dir", dir.resolve("checkpoints").toString(), "gate.rules", "macro_f1 >= 0.0",
                "group.instance.id", "evaluator-1", "min.validation.examples", "5", "validation.anchor.size", "5",
                "validation.recent.size", "200", "device", "cpu"))), new TinyBase(), Clock.systemUTC()));
        Map<String, Integer> ports = Map.of("ingest", ingest.metricsPort(), "trainer", trainer.metricsPort(),
                "evaluator", evaluator.metricsPort());

        List<String> sent = new ArrayList<>(produce("before-", 90));
        await().atMost(WAIT).until(() -> topic(Topics.EVALUATIONS.name(), EvaluationEvent.class).size() >= 1);
        await().atMost(WAIT).until(() -> ports.keySet().stream().allMatch(service -> status(ports, service,
                "ready") == 200));

        sent.addAll(produce("during-", 90));
        if (!ingestInFlight) {
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(acceptedIds()).containsExactlyInAnyOrderElementsOf(sent));
        }
        broker.stop();
        await().atMost(WAIT).until(() -> ports.keySet().stream().allMatch(service -> status(ports, service,
                "ready") == 503));
        // The whole outage long: live (waiting on the broker is no reason to restart), not ready.
        await().during(OUTAGE).atMost(OUTAGE.plus(WAIT)).until(() -> ports.keySet().stream().allMatch(service ->
                status(ports, service, "live") == 200 && status(ports, service, "ready") == 503
                        && metrics(ports, service).contains("streamtune_service_ready{service=\"" + service
                                + "\"} 0.0")));
        broker.start();

        await().atMost(WAIT).until(() -> ports.keySet().stream().allMatch(service -> status(ports, service,
                "ready") == 200));
        sent.addAll(produce("after-", 90));
        await().atMost(WAIT).untilAsserted(() -> assertNothingLostOrRepeated(sent));
        assertThat(ingest.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(trainer.isRunning()).isTrue();
        assertThat(evaluator.isReady()).isTrue();
    }

    private void assertNothingLostOrRepeated(List<String> sent) {
        List<TrainingShard> shards = topic(Topics.SHARDS.name(), TrainingShard.class);
        assertThat(acceptedIds()).as("every example id accepted exactly once")
                .containsExactlyInAnyOrderElementsOf(sent);

        List<String> trained = topic(Topics.CHECKPOINTS.name(), CheckpointEvent.class).stream()
                .flatMap(event -> event.getShards().stream()).map(ShardLineage::getShardId).toList();
        assertThat(trained).as("every shard in exactly one committed checkpoint")
                .containsExactlyInAnyOrderElementsOf(shards.stream().map(TrainingShard::getShardId).toList());

        List<String> checkpoints = topic(Topics.CHECKPOINTS.name(), CheckpointEvent.class).stream()
                .map(CheckpointEvent::getCheckpointId).toList();
        assertThat(topic(Topics.EVALUATIONS.name(), EvaluationEvent.class)).as("every checkpoint evaluated once")
                .extracting(EvaluationEvent::getCheckpointId).containsExactlyInAnyOrderElementsOf(checkpoints);
        Map<String, Long> promotions = topic(Topics.PROMOTIONS.name(), PromotionEvent.class).stream()
                .collect(Collectors.groupingBy(PromotionEvent::getModelVersion, Collectors.counting()));
        assertThat(promotions).as("no promotion published twice").isNotEmpty().allSatisfy((version, count) ->
                assertThat(count).as(version).isEqualTo(1L));
    }

    /** Ids of every example in a committed shard or on the validation topic. */
    private List<String> acceptedIds() {
        List<String> accepted = new ArrayList<>();
        topic(Topics.SHARDS.name(), TrainingShard.class).forEach(shard ->
                shard.getExamples().stream().map(ShardExample::getId).forEach(accepted::add));
        topic(Topics.EXAMPLES_VALIDATION.name(), LabeledExample.class)
                .forEach(example -> accepted.add(example.getId()));
        return accepted;
    }

    /** Settings of every service: the broker and registry, free metrics ports, and short client timeouts. */
    private Map<String, Object> config(Map<String, String> own) {
        Map<String, Object> config = new HashMap<>(own);
        config.putAll(Map.of("bootstrap.servers", broker.bootstrapServers(), "schema.registry.url", registry.url(),
                "metrics.port", "0", "broker.retry.backoff.max.ms", "2000", "health.broker.probe.interval.ms", "1000"));
        // Every timeout of every client at most LONGEST_CLIENT_TIMEOUT.
        config.putAll(Map.of("kafka.request.timeout.ms", "5000", "kafka.default.api.timeout.ms", "10000",
                "kafka.max.block.ms", "10000", "kafka.delivery.timeout.ms", "15000",
                "kafka.transaction.timeout.ms", "15000", "kafka.session.timeout.ms", "10000",
                "kafka.heartbeat.interval.ms", "2000",
                "kafka.max.poll.interval.ms", Long.toString(LONGEST_CLIENT_TIMEOUT.toMillis())));
        return config;
    }

    private <T extends AutoCloseable> T started(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private List<String> produce(String prefix, int count) throws Exception {
        return new PipelineRecords(broker.bootstrapServers(), registry)
                .produce(KeywordExamples.examples(TASK, prefix, count, prefix.hashCode()));
    }

    /** Every committed record of {@code topic}, decoded. */
    private <T extends SpecificRecord> List<T> topic(String topic, Class<T> type) {
        return new PipelineRecords(broker.bootstrapServers(), registry).readAll(topic, type);
    }

    private int status(Map<String, Integer> ports, String service, String probe) {
        return get(ports, service, "/health/" + probe).statusCode();
    }

    private String metrics(Map<String, Integer> ports, String service) {
        return get(ports, service, "/metrics").body();
    }

    private HttpResponse<String> get(Map<String, Integer> ports, String service, String path) {
        return MetricsEndpoint.at(ports.get(service)).get(path);
    }
}
