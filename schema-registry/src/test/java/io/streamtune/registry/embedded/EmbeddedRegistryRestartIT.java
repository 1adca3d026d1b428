package io.streamtune.registry.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.SchemaRegistryClient;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.Split;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded registry keeps its schemas, and their ids, across a restart on the same data directory. */
class EmbeddedRegistryRestartIT {

    @Test
    void shouldResolveTheSameIdToTheSameSchemaAfterARestart(@TempDir Path dataDir) {
        LabeledExample example = LabeledExample.newBuilder().setId("r-1").setTask("spam").setText("Win a prize")
                .setLabel("spam").setEventTime(Instant.ofEpochMilli(1_764_000_000_000L)).setSplit(Split.VALIDATION)
                .build();
        byte[] written;
        int id;
        try (EmbeddedRegistry registry = EmbeddedRegistry.builder(dataDir).build().start();
                AvroRegistrySerde<LabeledExample> serde =
                        RegistrySerdes.specific(LabeledExample.class, registry.clientConfig(), false)) {
            written = serde.serializer().serialize("examples", example);
            id = ByteBuffer.wrap(written, 1, 4).getInt();
        }

        try (EmbeddedRegistry restarted = EmbeddedRegistry.builder(dataDir).build().start();
                SchemaRegistryClient client = restarted.client();
                AvroRegistrySerde<LabeledExample> freshSerde =
                        RegistrySerdes.specific(LabeledExample.class, restarted.clientConfig(), false)) {
            assertThat(client.schemaById(id)).isEqualTo(LabeledExample.getClassSchema());
            assertThat(client.register("examples-value", LabeledExample.getClassSchema())).isEqualTo(id);
            assertThat(freshSerde.deserializer().deserialize("examples", written)).isEqualTo(example);
        }
    }

    @Test
    void shouldSetBackwardCompatibilityOnThePipelineSubjectsAtStart(@TempDir Path dataDir) {
        try (EmbeddedRegistry registry = EmbeddedRegistry.builder(dataDir).build().start();
                SchemaRegistryClient client = registry.client()) {
            assertThat(PipelineSubjects.valueSubjects()).contains("examples-value", "shards-value", "promotions-value");
            for (String subject : PipelineSubjects.valueSubjects()) {
                assertThat(client.compatibility(subject)).as(subject).isEqualTo("BACKWARD");
            }
        }
    }
}
