package io.streamtune.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.kafka.Topics;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.TrainingShard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real ingest topology in {@link TopologyTestDriver}, for the tests of its rules: {@link #start} builds a
 * driver on a fresh state directory with the test's overrides of {@link #baseConfig()}, and the topics, builders
 * and meter readers below drive and read it. Drivers are closed after each test.
 */
abstract class IngestTopologyFixture {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final AvroBinarySerde<LabeledExample> EXAMPLES = new AvroBinarySerde<>(LabeledExample.class);
    static final AvroBinarySerde<DeadLetter> DEAD_LETTERS = new AvroBinarySerde<>(DeadLetter.class);
    static final AvroBinarySerde<TrainingShard> SHARDS = new AvroBinarySerde<>(TrainingShard.class);
    /** Each test starts on a fresh state directory: no open shard is ever rebuilt from the input. */
    private static final InputReplay NO_RESTARTS = (partition, from, to, action) -> {
        throw new AssertionError("unexpected replay of " + partition);
    };

    @TempDir
    Path stateDir;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    TopologyTestDriver driver;
    /** The driven topology's tasks: a test creates, changes and deletes tasks through it as the catalog would. */
    LiveTaskRules tasks;
    TestInputTopic<byte[], byte[]> input;
    TestOutputTopic<byte[], DeadLetter> dlq;
    TestOutputTopic<String, LabeledExample> validation;
    TestOutputTopic<String, TrainingShard> shards;

    @AfterEach
    void closeDrivers() {
        drivers.forEach(TopologyTestDriver::close);
    }

    /** Config of most tests: every valid example trains, shards close at 5 examples or 10 s. */
    static Map<String, String> baseConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("schema.registry.url", "http://127.0.0.1:8081");
        config.put("tasks", "spam,digits");
        config.put("task.spam.labels", "ham,spam");
        config.put("task.spam.max.text.chars", "100");
        config.put("task.digits.labels", "0,1,2");
        config.put("task.digits.feature.dimension", "3");
        config.put("validation.fraction", "0");
        config.put("dedup.horizon.ms", String.valueOf(Duration.ofHours(1).toMillis()));
        config.put("future.tolerance.ms", String.valueOf(Duration.ofMinutes(1).toMillis()));
        config.put("shard.max.examples", "5");
        config.put("shard.max.age.ms", "10000");
        config.put("shard.check.interval.ms", "1000");
        return config;
    }

    void start(Map<String, String> overrides) {
        Map<String, String> settings = baseConfig();
        settings.putAll(overrides);
        IngestConfig config = new IngestConfig(settings);
        IngestSerdes serdes = new IngestSerdes(EXAMPLES, EXAMPLES, DEAD_LETTERS, SHARDS);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("driver-" + drivers.size()).toString());
        // The driver's topics have one partition, so every id is on its canonical one (CanonicalRerouteTest).
        tasks = LiveTaskRules.pinned(config);
        driver = new TopologyTestDriver(IngestTopology.build(config, tasks, serdes, NO_RESTARTS, registry, 1), props,
                T0);
        drivers.add(driver);
        input = driver.createInputTopic(Topics.EXAMPLES.name(), new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(Topics.EXAMPLES_DLQ.name(), new ByteArrayDeserializer(), DEAD_LETTERS);
        validation = driver.createOutputTopic(Topics.EXAMPLES_VALIDATION.name(), new StringDeserializer(), EXAMPLES);
        shards = driver.createOutputTopic(Topics.SHARDS.name(), new StringDeserializer(), SHARDS);
    }

    void start() {
        start(Map.of());
    }

    static LabeledExample.Builder spam(String id) {
        return LabeledExample.newBuilder().setId(id).setTask("spam").setText("Win a free cruise, " + id)
                .setLabel("spam").setEventTime(T0).setSource("test");
    }

    static LabeledExample.Builder digit(String id, Double... features) {
        return LabeledExample.newBuilder().setId(id).setTask("digits").setText("digit " + id).setLabel("1")
                .setFeatures(Arrays.asList(features)).setEventTime(T0);
    }

    void send(LabeledExample example) {
        send(example, T0);
    }

    void send(LabeledExample example, Instant timestamp) {
        input.pipeInput(new TestRecord<>(bytes(example.getId()), EXAMPLES.serialize(null, example),
                new RecordHeaders(), timestamp));
    }

    static byte[] bytes(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /** Sum over the meter's counters with these tags (name, value, name, value...). */
    double count(String meter, String... tags) {
        return registry.get(meter).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }
}
