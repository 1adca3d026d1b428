package io.streamtune.launcher;

import io.streamtune.common.config.KafkaConnectionConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamtune smoke}: proves a broker works end to end. Writes records to a scratch topic with an
 * idempotent producer, then reads the whole topic back, so a second run after a broker restart also shows that
 * earlier records survived.
 */
@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = {"Produces records to the topic 'streamtune.smoke' and reads the whole topic back. "
                + "Exit code 0 when every record of this run was read back."})
final class SmokeCommand implements Callable<Integer> {

    static final String TOPIC = "streamtune.smoke";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--records", defaultValue = "100", description = "Records to write (default: ${DEFAULT-VALUE}).")
    private int records;

    @Option(names = "--timeout", defaultValue = "PT30S",
            description = "How long to wait for the records to come back (ISO-8601, default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String runId = UUID.randomUUID().toString();
        createTopic();

        long started = System.nanoTime();
        produce(runId);
        long produced = System.nanoTime();
        Counts counts = readBack(runId);
        long consumed = System.nanoTime();

        out.printf("Wrote %d records to %s on %s in %d ms%n", records, TOPIC, kafka.bootstrapServers(),
                (produced - started) / 1_000_000);
        out.printf("Read back %d records in %d ms: %d from this run, %d from earlier runs%n",
                counts.total(), (consumed - produced) / 1_000_000, counts.thisRun(), counts.total() - counts.thisRun());
        if (counts.thisRun() != records) {
            spec.commandLine().getErr().printf("FAILED: expected %d records of this run, read %d%n",
                    records, counts.thisRun());
            return 1;
        }
        out.println("OK");
        return 0;
    }

    private void createTopic() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(kafka.kafka())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private void produce(String runId) throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                KafkaConnectionConfig.idempotentProducer(kafka.kafka()), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(TOPIC, runId, "record " + i));
            }
            producer.flush();
        }
    }

    private record Counts(long total, long thisRun) {
    }

    private Counts readBack(String runId) {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        Map<String, Object> props = new HashMap<>(kafka.kafka());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long end = consumer.endOffsets(Set.of(partition)).get(partition);
            long total = 0;
            long thisRun = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    total++;
                    if (runId.equals(record.key())) {
                        thisRun++;
                    }
                }
            }
            return new Counts(total, thisRun);
        }
    }
}
