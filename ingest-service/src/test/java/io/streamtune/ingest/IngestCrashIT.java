package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.ShardExample;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: the ingest service runs in its own JVM and is killed ({@code SIGKILL}) in the middle of a run, with
 * shards half full and a transaction open; another instance takes over on an empty state directory. Open shards
 * keep their examples only in memory, so this is the case where they must come back from the input. Runs in a JVM
 * and on a broker of its own (failsafe does not reuse forks), since the pipeline's topic names are fixed.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class IngestCrashIT {

    private static final int GOOD = 12_000;
    private static final int DUPLICATES = 1_500;
    private static final int MAX_EXAMPLES = 400;
    private static final String APPLICATION_ID = "ingest-crash-it";

    @TempDir
    Path dir;

    private EmbeddedRegistry registry;
    private Process killed;
    private IngestService survivor;

    @BeforeEach
    void useRegistry(EmbeddedRegistry registry) {
        this.registry = registry;
    }

    @AfterEach
    void stopAll() {
        if (killed != null) {
            killed.destroyForcibly();
        }
        if (survivor != null) {
            survivor.close();
        }
    }

    @Test
    void shouldShardEachTrainingExampleExactlyOnceWhenKilledWithShardsHalfFull(KafkaBroker broker) throws Exception {
        Map<String, String> config = config(broker);
        List<ProducerRecord<String, byte[]>> input = input();
        // The topics exist before the first send: a producer racing the service's creation of `examples` was seen to
        // get NOT_LEADER_OR_FOLLOWER for its first batch and then retry it forever as out of order.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) -1).ensure(IngestService.TOPICS);
        }
        killed = startProcess(config, dir.resolve("killed.log"));
        InputWriter.produce(broker.bootstrapServers(), input);

        // Kill once a third is committed: the service is then busy, with open shards and an open transaction.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> committedInput(admin).values().stream().mapToLong(Long::longValue).sum()
                            >= input.size() / 3);
            killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Map<Integer, Long> committedAtCrash = committedInput(admin);

            Map<String, String> restart = new HashMap<>(config);
            restart.put(IngestConfig.STATE_DIR_CONFIG, dir.resolve("state-survivor").toString());
            Instant restarted = Instant.now();
            survivor = IngestService.start(new IngestConfig(restart));
            await().atMost(Duration.ofSeconds(60)).until(() -> survivor.state() == KafkaStreams.State.RUNNING);

            List<TrainingShard> shards = new ArrayList<>();
            List<String> validationIds = new ArrayList<>();
            readAll(broker, shards, validationIds);

            List<String> trainingIds = shards.stream().flatMap(shard -> shard.getExamples().stream())
                    .map(ShardExample::getId).toList();
            List<String> accepted = new ArrayList<>(trainingIds);
            accepted.addAll(validationIds);
            assertThat(accepted).doesNotHaveDuplicates().hasSize(GOOD);
            assertThat(shards).allSatisfy(shard -> assertThat(shard.getExamples()).hasSizeBetween(1, MAX_EXAMPLES));
            assertThat(shards).as("a shard open at the last commit before the kill, emitted by the survivor")
                    .anySatisfy(shard -> assertThat(rebuilt(shard, committedAtCrash, restarted)).isTrue());
            assertRangesDoNotOverlap(shards);
        }
    }

    /**
     * Whether {@code shard} holds examples from before the killed instance's last commit but was emitted by the
     * survivor: those examples can only have come back by re-reading the input. (Such a shard may close by age
     * at once, without a new example, since its window started before the kill.)
     */
    private static boolean rebuilt(TrainingShard shard, Map<Integer, Long> committed, Instant restarted) {
        OffsetRange range = shard.getSourceRanges().get(0);
        return range.getFirstOffset() < committed.getOrDefault(range.getPartition(), 0L)
                && !shard.getWindowEnd().isBefore(restarted);
    }

    private static void assertRangesDoNotOverlap(List<TrainingShard> shards) {
        Map<Integer, List<OffsetRange>> byPartition = new HashMap<>();
        shards.forEach(shard -> shard.getSourceRanges().forEach(range ->
                byPartition.computeIfAbsent(range.getPartition(), p -> new ArrayList<>()).add(range)));
        byPartition.values().forEach(ranges -> {
            ranges.sort((a, b) -> Long.compare(a.getFirstOffset(), b.getFirstOffset()));
            for (int i = 1; i < ranges.size(); i++) {
                assertThat(ranges.get(i).getFirstOffset()).isGreaterThan(ranges.get(i - 1).getLastOffset());
            }
        });
    }

    /** Reads committed shards and validation examples until every good example is there, then a little longer. */
    private void readAll(KafkaBroker broker, List<TrainingShard> shards, List<String> validationIds) {
        Map<String, Object> registryConfig = Map.of("schema.registry.url", registry.url());
        Deserializer<TrainingShard> shardReader =
                RegistrySerdes.specific(TrainingShard.class, registryConfig, false).deserializer();
        Deserializer<LabeledExample> exampleReader =
                RegistrySerdes.specific(LabeledExample.class, registryConfig, false).deserializer();
        try (KafkaConsumer<String, byte[]> consumer = CommittedReaders.subscribe(broker.bootstrapServers(),
                "ingest-crash-it-reader", List.of(Topics.EXAMPLES_VALIDATION.name(), Topics.SHARDS.name()))) {
            Runnable poll = () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.topic().equals(Topics.SHARDS.name())) {
                        shards.add(shardReader.deserialize(record.topic(), record.value()));
                    } else {
                        validationIds.add(exampleReader.deserialize(record.topic(), record.value()).getId());
                    }
                }
            };
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                poll.run();
                return validationIds.size() + shards.stream().mapToInt(s -> s.getExamples().size()).sum() >= GOOD;
            });
            poll.run(); // nothing more may arrive
        }
    }

    private Map<Integer, Long> committedInput(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get();
        Map<Integer, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (partition.topic().equals(Topics.EXAMPLES.name()) && offset != null) {
                committed.put(partition.partition(), offset.offset());
            }
        });
        return committed;
    }

    private Map<String, String> config(KafkaBroker broker) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("schema.registry.url", registry.url());
        config.put(IngestConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(IngestConfig.STATE_DIR_CONFIG, dir.resolve("state-killed").toString());
        config.put(IngestConfig.METRICS_PORT_CONFIG, "-1");
        config.put(IngestConfig.TASKS_CONFIG, "spam");
        config.put("task.spam.labels", "ham,spam");
        config.put(IngestConfig.VALIDATION_FRACTION_CONFIG, "0.1");
        config.put(IngestConfig.SHARD_MAX_EXAMPLES_CONFIG, String.valueOf(MAX_EXAMPLES));
        config.put(IngestConfig.SHARD_MAX_AGE_MS_CONFIG, "3000");
        config.put(IngestConfig.SHARD_CHECK_INTERVAL_MS_CONFIG, "500");
        // The killed member leaves no goodbye: the group waits out its session before handing its tasks over.
        config.put(IngestConfig.STREAMS_PREFIX + "session.timeout.ms", "10000");
        return config;
    }

    /** {@link IngestMain} in a JVM of its own, on this test's class path, logging to {@code log}. */
    private static Process startProcess(Map<String, String> config, Path log) throws IOException {
        Path file = log.resolveSibling("ingest.properties");
        Properties properties = new Properties();
        properties.putAll(config);
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, null);
        }
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamtune",
                "-cp", System.getProperty("java.class.path"), IngestMain.class.getName(), file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Good examples and re-sends of some of them, each re-send after its original. */
    private List<ProducerRecord<String, byte[]>> input() {
        Serializer<LabeledExample> serializer = RegistrySerdes.specific(LabeledExample.class,
                Map.of("schema.registry.url", registry.url()), false).serializer();
        Random random = new Random(11);
        Instant now = Instant.now();
        String topic = Topics.EXAMPLES.name();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            LabeledExample example = LabeledExample.newBuilder().setId("good-" + i).setTask("spam")
                    .setText("message number " + i + " ".repeat(random.nextInt(200)) + "end")
                    .setLabel(random.nextBoolean() ? "spam" : "ham").setEventTime(now).build();
            records.add(new ProducerRecord<>(topic, example.getId(), serializer.serialize(topic, example)));
        }
        for (int i = 0; i < DUPLICATES; i++) {
            int original = random.nextInt(GOOD);
            records.add(original + 1 + random.nextInt(records.size() - original), records.get(original));
        }
        return records;
    }
}
