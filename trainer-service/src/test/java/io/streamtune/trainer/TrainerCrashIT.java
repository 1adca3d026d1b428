package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import io.streamtune.common.kafka.Topics;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.internals.LibTorch;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import io.streamtune.trainer.core.TaskSession;
import io.streamtune.trainer.core.TaskSettings;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer as its own process, killed with SIGKILL at the points a crash can hit (mid-interval with a trained
 * but uncheckpointed shard; after a checkpoint's files were written but before its transaction; right after the
 * commit), restarted each time, then stopped with SIGTERM. Every shard must be in the final lineage exactly once,
 * no orphaned checkpoint may remain, and the final parameters must equal those of an uninterrupted run.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TrainerCrashIT {

    private static final int SHARDS = 10;
    private static final int SHARD_SIZE = 12;
    /** libtorch threads of the trainers and of the reference run: 1 and 2 threads give different bits. */
    private static final int TORCH_THREADS = 1;

    // Kept when the test fails: the trainers' logs and checkpoints are what explains a failure.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private EmbeddedRegistry registry;
    private Process process;

    @BeforeEach
    void startRegistry() {
        registry = EmbeddedRegistry.builder(dir.resolve("registry")).build().start();
    }

    @AfterEach
    void stopAll() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldTrainEveryShardExactlyOnceAndEndWithTheUninterruptedParametersDespiteKills(KafkaBroker broker)
            throws Exception {
        CommittedReader.freshTrainerTopics(broker);
        List<TrainingShard> shards = new ArrayList<>();
        Serializer<TrainingShard> serializer = RegistrySerdes.specific(TrainingShard.class, registry.clientConfig(),
                false).serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < SHARDS; i++) {
                TrainingShard shard = TestShards.shard("spam", i, SHARD_SIZE);
                shards.add(shard);
                producer.send(new ProducerRecord<>(Topics.SHARDS.name(), "spam",
                        serializer.serialize(Topics.SHARDS.name(), shard)));
            }
        }
        Map<String, String> config = config(broker);
        Path configFile = dir.resolve("trainer.properties");
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer out = Files.newBufferedWriter(configFile)) {
            properties.store(out, "crash test");
        }

        // Checkpoints every 2 shards: 1st run trains 0..2, commits {0,1}, dies holding 2 in memory.
        runUntilKilled(configFile, "shard:3");
        // 2nd run resumes after 1, trains 2, 3, writes the checkpoint files and dies before the transaction.
        runUntilKilled(configFile, "written:1");
        // 3rd run deletes that orphan, trains 2, 3 again, commits, and dies right after the commit.
        runUntilKilled(configFile, "committed:1");
        // 4th run finishes the stream and stops on SIGTERM.
        process = launch(configFile, "none", 4);
        List<CheckpointEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, CheckpointEvent> checkpoints =
                CommittedReader.subscribe(broker, registry, Topics.CHECKPOINTS)) {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                checkpoints.poll(Duration.ofMillis(300)).forEach(r -> events.add(r.value()));
                assertThat(TrainerHarness.shardIds(events)).hasSizeGreaterThanOrEqualTo(SHARDS);
            });
        }
        process.destroy(); // SIGTERM: the shutdown hook closes the trainer
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("trainer stops on SIGTERM").isTrue();

        assertThat(TrainerHarness.shardIds(events))
                .containsExactlyElementsOf(shards.stream().map(TrainingShard::getShardId).toList());
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).getParentCheckpointId()).isEqualTo(events.get(i - 1).getCheckpointId());
        }
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir.resolve("checkpoints"));
        assertThat(store.list()).as("no orphaned checkpoint left")
                .containsExactlyInAnyOrderElementsOf(events.stream().map(CheckpointEvent::getLocation).toList());
        assertFinalParametersEqualAnUninterruptedRun(store, events.get(events.size() - 1), config, shards);
    }

    private void assertFinalParametersEqualAnUninterruptedRun(DirectoryCheckpointStore store, CheckpointEvent last,
            Map<String, String> config, List<TrainingShard> shards) throws IOException {
        TaskSettings settings = new TrainerConfig(config).tasks().get("spam");
        Engine.getInstance(); // libtorch reads its thread count when it loads
        assertThat(LibTorch.intraOpThreads()).as("libtorch threads of the reference run (failsafe's config)")
                .isEqualTo(TORCH_THREADS);
        Map<String, float[]> expected;
        try (TaskSession uninterrupted = TaskSession.fromBase(settings)) {
            for (int i = 0; i < shards.size(); i++) {
                uninterrupted.train(shards.get(i), TestShards.at(0, i), Instant.now());
            }
            expected = values(uninterrupted.classifier().parameters());
            assertThat(last.getGlobalStep()).isEqualTo(uninterrupted.globalStep());
            assertThat(last.getExamplesSeen()).isEqualTo(uninterrupted.examplesSeen());
        }
        try (TextClassifier restored = Checkpoints.loadClassifier(store, last.getLocation(), "cpu")) {
            Map<String, float[]> actual = values(restored.parameters());
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            expected.forEach((name, values) -> assertThat(actual.get(name)).as(name).isEqualTo(values));
        }
    }

    private void runUntilKilled(Path configFile, String point) throws Exception {
        Path marker = dir.resolve("marker-" + point.replace(':', '-'));
        process = launch(configFile, point, 0);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(process.isAlive()).as("trainer alive until " + point + "; see " + dir).isTrue();
            return Files.exists(marker);
        });
        process.destroyForcibly(); // SIGKILL
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private Process launch(Path configFile, String point, int run) throws IOException {
        Path marker = dir.resolve("marker-" + point.replace(':', '-'));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.pytorch.num_threads=" + TORCH_THREADS, "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), CrashingTrainerMain.class.getName(),
                configFile.toString(), point, marker.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("trainer-" + point.replace(':', '-') + "-" + run + ".log").toFile())
                .start();
    }

    private Map<String, String> config(KafkaBroker broker) {
        Map<String, String> config = new LinkedHashMap<>();
        registry.clientConfig().forEach((key, value) -> config.put(key, String.valueOf(value)));
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("group.id", "trainer-crash");
        // Static membership: a restarted process takes the partition back at once from the killed one.
        config.put("group.instance.id", "trainer-crash-1");
        config.put("consumer.session.timeout.ms", "10000");
        config.putAll(TestShards.tinyTrainerConfig("spam"));
        config.put("checkpoint.dir", dir.resolve("checkpoints").toString());
        config.put("checkpoint.every.shards", "2");
        // Only the shard count triggers checkpoints, so the kill points are deterministic.
        config.put("checkpoint.every.ms", "3600000");
        config.put("metrics.port", "-1");
        return config;
    }

    private static Map<String, float[]> values(Map<String, Parameter> parameters) {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((name, parameter) -> out.put(name, parameter.getArray().toFloatArray()));
        return out;
    }
}
