package io.streamtune.serving;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.PromotionEvent;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes promotions (or raw bytes) to the {@code promotions} topic as the evaluator or a rollback does, keyed by task,
 * each acknowledged before the call returns. The caller closes it.
 */
public final class PromotionWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final AvroRegistrySerde<PromotionEvent> serde;

    public PromotionWriter(String bootstrapServers, Map<String, ?> registryConfig) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        this.serde = RegistrySerdes.specific(PromotionEvent.class, registryConfig, false);
    }

    /** Writes {@code promotion} under its task once the broker acknowledged it. */
    public void write(PromotionEvent promotion) throws ExecutionException, InterruptedException {
        writeRaw(promotion.getTask(), serde.serializer().serialize(Topics.PROMOTIONS.name(), promotion));
    }

    /** Writes {@code value} as it is (bytes that are no promotion, say) under {@code task}. */
    public void writeRaw(String task, byte[] value) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(Topics.PROMOTIONS.name(), task, value)).get();
    }

    @Override
    public void close() {
        producer.close();
        serde.close();
    }
}
