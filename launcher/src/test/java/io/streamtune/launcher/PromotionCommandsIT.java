package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollback} and {@code promotions} against a real broker and registry, as an operator runs them. */
@ExtendWith(KafkaBrokerExtension.class)
class PromotionCommandsIT {

    private static final String TASK = "invoices";

    @TempDir
    Path dir;

    @Test
    void shouldRollBackToAnAnnouncedCheckpointAndShowItAsTheLastPromotion(KafkaBroker broker) throws Exception {
        try (EmbeddedRegistry registry = EmbeddedRegistry.builder(dir).build().start()) {
            try (Admin admin = broker.admin()) {
                new TopicProvisioner(admin, (short) 1).ensure(List.of(Topics.CHECKPOINTS, Topics.PROMOTIONS));
            }
            publish(broker, registry);
            String[] connection = {"--bootstrap-servers", broker.bootstrapServers(), "--registry-url", registry.url()};

            StreamtuneCommandTest.Run unknown = StreamtuneCommandTest.run(concat(List.of("rollback", "--task", TASK,
                    "--to", "v9", "--reason", "typo"), connection));
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).contains("task invoices has no checkpoint v9");

            StreamtuneCommandTest.Run rollback = StreamtuneCommandTest.run(concat(List.of("rollback", "--task", TASK,
                    "--to", "v1", "--reason", "v2 misroutes invoices"), connection));
            assertThat(rollback.exitCode()).as(rollback.err()).isZero();
            assertThat(rollback.out()).contains("Rolled back", "ROLLBACK", "v1", "previous=v2");

            StreamtuneCommandTest.Run promotions = StreamtuneCommandTest.run(concat(List.of("promotions", "--task",
                    TASK), connection));
            assertThat(promotions.exitCode()).isZero();
            List<String> lines = promotions.out().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains("PROMOTION", "v2", "previous=base model");
            assertThat(lines.get(1)).contains("ROLLBACK", "v1", "previous=v2", "reason=v2 misroutes invoices");

            StreamtuneCommandTest.Run other = StreamtuneCommandTest.run(concat(List.of("promotions", "--task",
                    "nobody"), connection));
            assertThat(other.out()).contains("No promotions yet for task nobody.");
        }
    }

    /** v1 and v2 were announced by the trainer; only v2 was promoted. */
    private static void publish(KafkaBroker broker, EmbeddedRegistry registry) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer());
                AvroRegistrySerde<CheckpointEvent> checkpoints =
                        RegistrySerdes.specific(CheckpointEvent.class, registry.clientConfig(), false);
                AvroRegistrySerde<PromotionEvent> promotions =
                        RegistrySerdes.specific(PromotionEvent.class, registry.clientConfig(), false)) {
            for (String version : List.of("v1", "v2")) {
                CheckpointEvent event = CheckpointEvent.newBuilder().setCheckpointId(version).setTask(TASK)
                        .setParentCheckpointId(null).setBaseModel("all-MiniLM-L6-v2").setShards(List.of())
                        .setHyperParameters(Map.of()).setGlobalStep(10).setExamplesSeen(320).setTrainLoss(0.2)
                        .setLocation(TASK + "/" + version).setContentHash("ab".repeat(32))
                        .setCreatedAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(Topics.CHECKPOINTS.name(), TASK,
                        checkpoints.serializer().serialize(Topics.CHECKPOINTS.name(), event))).get();
            }
            PromotionEvent v2 = PromotionEvent.newBuilder().setTask(TASK).setModelVersion("v2")
                    .setLocation(TASK + "/v2").setContentHash("ab".repeat(32)).setPreviousVersion(null)
                    .setMetrics(null).setLineage(List.of()).setKind("PROMOTION").setReason("beat the base model")
                    .setPromotedAt(Instant.now()).build();
            producer.send(new ProducerRecord<>(Topics.PROMOTIONS.name(), TASK,
                    promotions.serializer().serialize(Topics.PROMOTIONS.name(), v2))).get();
        }
    }

    private static String[] concat(List<String> args, String[] connection) {
        return java.util.stream.Stream.concat(args.stream(), java.util.Arrays.stream(connection))
                .toArray(String[]::new);
    }
}
