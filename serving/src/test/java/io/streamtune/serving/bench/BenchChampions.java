package io.streamtune.serving.bench;

import io.streamtune.common.kafka.Topics;
import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.bert.BaseModelRef;
import io.streamtune.model.bert.BaseModels;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.PromotionEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's two champions of task {@value #TASK}: all-MiniLM-L6-v2 fine-tuned a few steps on real emails
 * ({@value #FIRST}) and a few steps more ({@value #SECOND}), and promotions of either, written in a transaction as the
 * evaluator writes them.
 */
final class BenchChampions implements AutoCloseable {

    static final String TASK = "bench";
    static final String FIRST = TASK + "/v1";
    static final String SECOND = TASK + "/v2";

    private final DirectoryCheckpointStore store;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroRegistrySerde<PromotionEvent> serde;
    private String champion;

    BenchChampions(Path checkpointDir, String bootstrap, String registryUrl) throws IOException {
        this.store = new DirectoryCheckpointStore(checkpointDir);
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "streamtune-serving-bench"), new StringSerializer(),
                new ByteArraySerializer());
        this.serde = RegistrySerdes.specific(PromotionEvent.class, Map.of("schema.registry.url", registryUrl), false);
        producer.initTransactions();
    }

    /** Writes both checkpoints, trained on {@code emails} (a few batches each). */
    void writeCheckpoints(List<LabeledText> emails) throws IOException {
        BaseModelRef base = BaseModelRef.DEFAULT;
        FineTuneConfig config = FineTuneConfig.builder().build();
        try (TextClassifier classifier = BaseModels.newClassifier(base, LabelMap.of("ham", "spam"),
                new ModelOptions(128, 0.1f, "cpu", 7)); FineTuner tuner = new FineTuner(classifier, config)) {
            tuner.trainOn(emails.subList(0, 32));
            Checkpoints.save(store, FIRST, tuner, base.id(), Map.of());
            tuner.trainOn(emails.subList(32, 64));
            Checkpoints.save(store, SECOND, tuner, base.id(), Map.of());
        }
    }

    /**
     * Promotes {@code version} and returns when the promotion is committed.
     *
     * @return the commit's time, epoch ms
     */
    long promote(String version) throws IOException {
        CheckpointMetadata metadata = Checkpoints.readMetadata(store, version);
        PromotionEvent event = PromotionEvent.newBuilder().setTask(TASK).setModelVersion(version)
                .setLocation(version).setContentHash(metadata.contentHash()).setPreviousVersion(champion)
                .setKind("PROMOTION").setReason("serving benchmark swap").setPromotedAt(Instant.now()).build();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(Topics.PROMOTIONS.name(), TASK,
                serde.serializer().serialize(Topics.PROMOTIONS.name(), event)));
        producer.commitTransaction();
        champion = version;
        return System.currentTimeMillis();
    }

    DirectoryCheckpointStore store() {
        return store;
    }

    @Override
    public void close() {
        producer.close();
        serde.close();
    }
}
