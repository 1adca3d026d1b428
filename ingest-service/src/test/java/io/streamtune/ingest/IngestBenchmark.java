package io.streamtune.ingest;

import io.micrometer.core.instrument.Counter;
import io.streamtune.common.kafka.Topics;
import io.streamtune.kafka.embedded.EmbeddedKafkaBroker;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.LabeledExample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Ingest throughput, produce to shard, as a ratio to Kafka's own {@code ProducerPerformance} writing records of
 * the same count and size to the same broker in the same run. Not a test: run it with
 * {@code mvn -B -pl ingest-service -am verify -Pbench -DskipTests}, optionally with {@code -Dbench.records=N},
 * {@code -Dbench.warmup=W} (records each side runs before its clock starts; ProducerPerformance's own
 * {@code --warmup-records}),
 * {@code -Dbench.key=none} (the load generator writes without a key, so the producer's sticky partitioner spreads
 * the examples and about two in three are read off their canonical partition and written back; default
 * {@code id}, each keyed by its id) and
 * {@code -Dbench.ingest=key=value,...} (extra ingest settings).
 *
 * <p>Order: reference, ingest, reference again; the ratio is against the mean of the two references, so drift on a
 * shared machine shows up instead of skewing one side.
 */
public final class IngestBenchmark {

    private static final Pattern RATE = Pattern.compile("records sent, ([\\d.]+) records/sec");
    private static final Map<String, String> PRODUCER_SETTINGS = Map.of("acks", "all", "linger.ms", "5");
    private static final String[] WORDS = ("free offer meeting invoice prize account please review winner "
            + "schedule discount urgent report lunch password shipping").split(" ");

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(System.getProperty("bench.records", "100000"));
        int warmup = Integer.parseInt(System.getProperty("bench.warmup", "0"));
        boolean keyed = keyedById(System.getProperty("bench.key", "id"));
        Path dir = Files.createTempDirectory("streamtune-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).build().start();
             EmbeddedRegistry registry = EmbeddedRegistry.builder(dir.resolve("registry")).build().start()) {
            List<byte[]> values = examples(warmup + records, registry.url());
            int meanSize = (int) values.stream().mapToInt(v -> v.length).average().orElseThrow();

            double before = producerPerformance(broker, "bench.reference.1", warmup, records, meanSize);
            double ingest = ingest(broker, registry.url(), values.subList(0, warmup),
                    values.subList(warmup, values.size()), keyed, dir.resolve("state"));
            double after = producerPerformance(broker, "bench.reference.2", warmup, records, meanSize);
            double reference = (before + after) / 2;

            System.out.printf(Locale.ROOT, "records: %d after %d of warm-up, mean value size: %d bytes%n", records,
                    warmup, meanSize);
            System.out.printf(Locale.ROOT, "ProducerPerformance: %.0f and %.0f records/s (mean %.0f)%n",
                    before, after, reference);
            System.out.printf(Locale.ROOT, "ingest, produce to shard (%s): %.0f examples/s%n",
                    keyed ? "keyed by id" : "no key", ingest);
            System.out.printf(Locale.ROOT, "ratio ingest / ProducerPerformance: %.2f%n", ingest / reference);
        } finally {
            // Each run writes every record four or five times over: hundreds of MiB a run.
            Utils.delete(dir.toFile());
        }
    }

    private static boolean keyedById(String key) {
        return switch (key) {
            case "id" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("bench.key is 'id' or 'none', not '" + key + "'");
        };
    }

    /** Valid examples with unique ids in the registry wire format, as producers would write them. */
    private static List<byte[]> examples(int count, String registryUrl) {
        var serializer = RegistrySerdes.specific(LabeledExample.class, Map.of("schema.registry.url", registryUrl),
                false).serializer();
        Random random = new Random(1);
        Instant now = Instant.now();
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 20 + random.nextInt(120); w > 0; w--) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            values.add(serializer.serialize(Topics.EXAMPLES.name(), LabeledExample.newBuilder()
                    .setId("bench-" + i).setTask("spam").setText(text.toString())
                    .setLabel(random.nextInt(3) == 0 ? "spam" : "ham").setEventTime(now).build()));
        }
        return values;
    }

    /** The reference rate over {@code records} after {@code warmup} (ProducerPerformance's steady state). */
    private static double producerPerformance(EmbeddedKafkaBroker broker, String topic, int warmup, int records,
                                              int size)
            throws IOException, InterruptedException, java.util.concurrent.ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Topics.EXAMPLES.partitions(), (short) 1))).all().get();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", String.valueOf(warmup + records),
                "--record-size", String.valueOf(size),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + broker.bootstrapServers()));
        PRODUCER_SETTINGS.forEach((key, value) -> command.add(key + "=" + value));
        if (warmup > 0) {
            // Its steady-state summary comes last, so it is the line the rate is read from.
            command.addAll(List.of("--warmup-records", String.valueOf(warmup)));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (RATE.matcher(line).find()) {
                    last = line;
                }
            }
        }
        if (process.waitFor() != 0 || last == null) {
            throw new IllegalStateException("ProducerPerformance failed (exit " + process.exitValue() + ")");
        }
        Matcher matcher = RATE.matcher(last);
        matcher.find();
        return Double.parseDouble(matcher.group(1));
    }

    /**
     * Starts the service, runs the warm-up examples through it, then produces the measured ones and waits until
     * each is in a committed shard or on the validation topic.
     */
    private static double ingest(EmbeddedKafkaBroker broker, String registryUrl, List<byte[]> warmup,
                                 List<byte[]> measured, boolean keyed, Path state) throws InterruptedException {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("schema.registry.url", registryUrl);
        config.put("state.dir", state.toString());
        config.put("metrics.port", "-1");
        config.put("tasks", "spam");
        config.put("task.spam.labels", "ham,spam");
        config.put("shard.max.age.ms", "1000");
        config.put("shard.check.interval.ms", "100");
        for (String setting : System.getProperty("bench.ingest", "").split(",")) {
            if (!setting.isBlank()) {
                String[] keyValue = setting.split("=", 2);
                config.put(keyValue[0].trim(), keyValue[1].trim());
            }
        }
        System.out.println("ingest settings: " + config);
        try (IngestService service = IngestService.start(new IngestConfig(config));
             CommittedExampleCounter output = new CommittedExampleCounter(broker.bootstrapServers());
             KafkaProducer<String, byte[]> producer = producer(broker)) {
            while (service.state() != KafkaStreams.State.RUNNING) {
                requireAlive(service);
                output.poll(); // joins its group meanwhile
            }
            // Same JVM, same service: the stream thread's code is compiled before the clock starts, as it would be
            // in a service that has been running for a while (ProducerPerformance gets the same warm-up).
            produceAndAwait(service, output, producer, warmup, 0, keyed);
            Map<String, Long> cpuBefore = ThreadCpu.byGroup();
            long compilingBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long start = System.nanoTime();
            double reroutedBefore = sum(service, IngestMetrics.REROUTED);
            long[] phases = produceAndAwait(service, output, producer, measured, warmup.size(), keyed);
            double seconds = (phases[2] - start) / 1e9;
            // Where the wall time went: producing, processing the rest, then waiting for the last shards (which
            // close by age) to be committed.
            System.out.printf(Locale.ROOT, "ingest phases: produced after %.2f s, processed after %.2f s, "
                    + "all in committed shards after %.2f s%n", (phases[0] - start) / 1e9,
                    (phases[1] - start) / 1e9, seconds);
            System.out.printf(Locale.ROOT, "rerouted to their canonical partition: %.0f of %d%n",
                    sum(service, IngestMetrics.REROUTED) - reroutedBefore, measured.size());
            ThreadCpu.print(cpuBefore, ThreadCpu.byGroup(), seconds);
            // The JIT's threads are not Java threads: a cold JVM spends a core on them (hence the warm-up).
            System.out.printf(Locale.ROOT, "JIT compiling meanwhile: %.2f s%n",
                    (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compilingBefore) / 1e3);
            return measured.size() / seconds;
        }
    }

    /**
     * Produces {@code values} (keyed by their ids {@code bench-<first + i>}, or without a key) and waits until the
     * service has decided on them all (a rerouted example is decided on when its copy comes back) and the output
     * holds every one of them.
     *
     * @return nano times at which producing ended, the service had received the last one, and the output held all
     */
    private static long[] produceAndAwait(IngestService service, CommittedExampleCounter output,
                                          KafkaProducer<String, byte[]> producer, List<byte[]> values, int first,
                                          boolean keyed) {
        double decidedBefore = decided(service);
        long seenBefore = output.seen();
        for (int i = 0; i < values.size(); i++) {
            producer.send(new ProducerRecord<>(Topics.EXAMPLES.name(), keyed ? "bench-" + (first + i) : null,
                    values.get(i)));
        }
        producer.flush();
        long produced = System.nanoTime();
        long processed = 0;
        while (output.seen() - seenBefore < values.size()) {
            requireAlive(service);
            output.poll();
            if (processed == 0 && decided(service) - decidedBefore >= values.size()) {
                processed = System.nanoTime();
            }
        }
        long end = System.nanoTime();
        return new long[] {produced, processed == 0 ? end : processed, end};
    }

    /** Records accepted, dead-lettered or dropped: received less those written back to be decided on later. */
    private static double decided(IngestService service) {
        return sum(service, IngestMetrics.RECEIVED) - sum(service, IngestMetrics.REROUTED);
    }

    private static double sum(IngestService service, String meter) {
        return service.registry().find(meter).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static void requireAlive(IngestService service) {
        if (service.state() == KafkaStreams.State.ERROR || service.state() == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("The ingest service stopped: " + service.state());
        }
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafkaBroker broker) {
        Map<String, Object> props = new HashMap<>(PRODUCER_SETTINGS);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }
}
