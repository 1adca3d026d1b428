package io.streamtune.ingest;

import static io.streamtune.ingest.ForeignRecords.framed;
import static io.streamtune.ingest.ForeignRecords.tweet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.testkit.CommittedReaders;
import io.streamtune.testkit.EmbeddedRegistryExtension;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that once stopped ingestion or were taken as training data, against the real broker and registry: a
 * 16.9 MiB example (under the examples topic's limit, over every dead letter's) and a record of another schema
 * whose fields match. Ingestion must go on, with one dead letter each and the counts balanced.
 */
@ExtendWith({KafkaBrokerExtension.class, EmbeddedRegistryExtension.class})
class IngestOversizedRecordIT {

    private static final int GOOD_BEFORE = 20;
    private static final int GOOD_AFTER = 20;
    private static final int HUGE_TEXT_BYTES = 17_720_000; // 16.9 MiB

    @TempDir
    Path dir;

    private IngestService service;

    @AfterEach
    void stopAll() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void shouldDeadLetterATooLargeRecordAndAnotherSchemaOnceEachAndKeepIngesting(KafkaBroker broker,
            EmbeddedRegistry registry) throws Exception {
        service = RunningIngest.start(broker, registry.url(), dir, "ingest-oversized-it", Map.of("tasks", "spam",
                "task.spam.labels", "ham,spam", "shard.max.age.ms", "500"));
        AvroRegistrySerde<LabeledExample> examples =
                RegistrySerdes.specific(LabeledExample.class, Map.of("schema.registry.url", registry.url()), false);
        String topic = Topics.EXAMPLES.name();
        byte[] huge = examples.serializer().serialize(topic, example("huge", "x".repeat(HUGE_TEXT_BYTES)));
        int tweetId = examples.client().register("tweets-value", ForeignRecords.TWEET);

        List<ProducerRecord<String, byte[]>> input = new ArrayList<>();
        IntStream.range(0, GOOD_BEFORE).forEach(i -> input.add(good(examples, "before-" + i)));
        input.add(new ProducerRecord<>(topic, "huge", huge));
        input.add(new ProducerRecord<>(topic, "tweet", framed(tweetId, tweet(Instant.now().toEpochMilli()))));
        IntStream.range(0, GOOD_AFTER).forEach(i -> input.add(good(examples, "after-" + i)));
        produce(broker, input);

        List<DeadLetter> deadLetters = new ArrayList<>();
        var reader = RegistrySerdes.specific(DeadLetter.class, Map.of("schema.registry.url", registry.url()), false)
                .deserializer();
        try (KafkaConsumer<String, byte[]> consumer = CommittedReaders.subscribe(broker.bootstrapServers(),
                "oversized-it-reader", List.of(Topics.EXAMPLES_DLQ.name()))) {
            await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    deadLetters.add(reader.deserialize(record.topic(), record.value()));
                }
                assertThat(sum(IngestMetrics.ACCEPTED)).isEqualTo(GOOD_BEFORE + GOOD_AFTER);
                assertThat(deadLetters).hasSize(2);
            });
        }

        assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(deadLetters).extracting(DeadLetter::getReasonCode)
                .containsExactly(ReasonCode.RECORD_TOO_LARGE.name(), ReasonCode.WRONG_SCHEMA.name());
        DeadLetter tooLarge = deadLetters.get(0);
        assertThat(tooLarge.getOriginalValueSize()).isEqualTo(huge.length);
        assertThat(tooLarge.getOriginalValuePrefix())
                .isEqualTo(ByteBuffer.wrap(huge, 0, RecordSizeLimits.DEAD_LETTER_PREFIX_BYTES));
        assertThat(tooLarge.getOriginalValueSha256()).hasSize(64);
        assertThat(tooLarge.getSourceTopic()).isEqualTo(topic);
        assertThat(tooLarge.getSourceOffset()).isNotNegative();
        assertThat(deadLetters.get(1).getReasonText()).contains("com.acme.Tweet", "tweets-value");
        // received = accepted + dead-lettered + duplicates + rerouted; a rerouted record's copy is received again
        assertThat(sum(IngestMetrics.RECEIVED) - sum(IngestMetrics.REROUTED)).isEqualTo(input.size());
        assertThat(sum(IngestMetrics.DEAD_LETTERED) + sum(IngestMetrics.ACCEPTED) + sum(IngestMetrics.DUPLICATES))
                .isEqualTo(input.size());
        assertThat(sum(IngestMetrics.DROPPED_TOO_LARGE)).isZero();
    }

    private static LabeledExample example(String id, String text) {
        return LabeledExample.newBuilder().setId(id).setTask("spam").setText(text).setLabel("ham")
                .setEventTime(Instant.now()).build();
    }

    private static ProducerRecord<String, byte[]> good(AvroRegistrySerde<LabeledExample> examples, String id) {
        String topic = Topics.EXAMPLES.name();
        return new ProducerRecord<>(topic, id, examples.serializer().serialize(topic, example(id, "hello " + id)));
    }

    /** One partition, in order, without compression: the huge record reaches the broker at its full size. */
    private static void produce(KafkaBroker broker, List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizeLimits.MAX_EXAMPLE_RECORD_BYTES,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            records.forEach(record -> producer.send(new ProducerRecord<>(record.topic(), 0, record.key(),
                    record.value())));
        }
    }

    private double sum(String meter) {
        return service.registry().find(meter).counters().stream().mapToDouble(Counter::count).sum();
    }
}
