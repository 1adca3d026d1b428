package io.streamtune.trainer.bench;

import io.streamtune.common.kafka.Topics;
import io.streamtune.kafka.embedded.EmbeddedKafkaBroker;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.TrainingShard;
import io.streamtune.trainer.TestShards;
import io.streamtune.trainer.TrainerMain;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Restart-to-resume benchmark (not a test): a trainer process on a real broker and registry is killed with
 * {@code kill -9} while it trains and restarted at once; the figure is the time from the kill to the first shard the
 * new process trains. Run once with static membership ({@code group.instance.id}) and once without, as the reference,
 * since a dynamic member waits for the dead one's session to time out. Run by
 * {@code trainer-service/bench/restart.sh}. Args: base model ({@code tiny} or {@code all-MiniLM-L6-v2}), shard size,
 * kills per mode, work directory.
 */
public final class RestartToResumeBenchmark {

    private static final String TRAINED = "trained shard";
    private static final String ASSIGNED = "Assigned shard partitions";
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private RestartToResumeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int shardSize = Integer.parseInt(args[1]);
        int kills = Integer.parseInt(args[2]);
        Path dir = Files.createDirectories(Path.of(args[3]));
        for (boolean staticMembership : new boolean[] {true, false}) {
            // A broker and registry per mode: the modes share task and transactional ids, not checkpoints.
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir.resolve(mode(staticMembership)
                    + "-kafka")).build().start();
                    EmbeddedRegistry registry = EmbeddedRegistry.builder(dir.resolve(mode(staticMembership)
                            + "-registry")).build().start()) {
                broker.provision(Topics.ALL);
                produceShards(broker, registry, 400, shardSize);
                Path config = writeConfig(dir, broker, registry, base, staticMembership);
                List<String> seconds = new ArrayList<>();
                Process running = launch(config, dir.resolve(mode(staticMembership) + "-0.log"));
                await(dir.resolve(mode(staticMembership) + "-0.log"), TRAINED, 2, running);
                for (int kill = 1; kill <= kills; kill++) {
                    Path log = dir.resolve(mode(staticMembership) + "-" + kill + ".log");
                    long killedAt = System.nanoTime();
                    running.destroyForcibly(); // SIGKILL
                    running.waitFor(30, TimeUnit.SECONDS);
                    running = launch(config, log);
                    await(log, ASSIGNED, 1, running);
                    double assigned = (System.nanoTime() - killedAt) / 1e9;
                    await(log, TRAINED, 1, running);
                    double trained = (System.nanoTime() - killedAt) / 1e9;
                    seconds.add(String.format("%.1f", trained));
                    System.out.printf("%s membership, kill %d: partitions assigned %.1f s, first shard trained %.1f s "
                            + "after the kill%n", mode(staticMembership), kill, assigned, trained);
                    await(log, TRAINED, 2, running);
                }
                running.destroy();
                running.waitFor(60, TimeUnit.SECONDS);
                System.out.printf("%s membership (%s, shards of %d): kill -9 to first shard trained %s s%n",
                        mode(staticMembership), base, shardSize, seconds);
            }
        }
    }

    private static String mode(boolean staticMembership) {
        return staticMembership ? "static" : "dynamic";
    }

    private static void produceShards(EmbeddedKafkaBroker broker, EmbeddedRegistry registry, int count, int size) {
        Serializer<TrainingShard> serializer = RegistrySerdes.specific(TrainingShard.class, registry.clientConfig(),
                false).serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(Topics.SHARDS.name(), "spam",
                        serializer.serialize(Topics.SHARDS.name(), TestShards.shard("spam", i, size))));
            }
        }
    }

    private static Path writeConfig(Path dir, EmbeddedKafkaBroker broker, EmbeddedRegistry registry, String base,
            boolean staticMembership) throws IOException {
        Properties properties = new Properties();
        properties.putAll(TestShards.tinyTrainerConfig("spam"));
        registry.clientConfig().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.put("bootstrap.servers", broker.bootstrapServers());
        properties.put("base.model", base);
        properties.put("max.length", "128");
        if (staticMembership) {
            properties.put("group.instance.id", "trainer-1");
        }
        properties.put("checkpoint.dir", dir.resolve("checkpoints-" + mode(staticMembership)).toString());
        properties.put("checkpoint.every.shards", "4");
        properties.put("metrics.port", "-1");
        Path file = dir.resolve(mode(staticMembership) + ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "restart-to-resume benchmark");
        }
        return file;
    }

    private static Process launch(Path config, Path log) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamtune",
                "-cp", System.getProperty("java.class.path"), TrainerMain.class.getName(), config.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until {@code log} has {@code count} lines containing {@code text}. */
    private static void await(Path log, String text, int count, Process process)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (countLines(log, text) < count) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("trainer " + (process.isAlive() ? "too slow" : "died") + "; see "
                        + log);
            }
            // A benchmark, not a test: polling a log file every 50 ms keeps the measurement's error small.
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static long countLines(Path log, String text) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }
}
