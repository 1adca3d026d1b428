package io.streamtune.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.registry.embedded.EmbeddedRegistry;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Schema evolution through the registry, both ways: v2 adds an optional field; under BACKWARD compatibility the
 * registry accepts it, a v2 consumer reads v1 records and a v1 consumer reads v2 records.
 */
@ExtendWith(RegistryExtension.class)
class SchemaEvolutionIT {

    private static final Schema V1 = SchemaBuilder.record("Reading").namespace("io.streamtune.it").fields()
            .requiredString("sensor")
            .requiredDouble("value")
            .endRecord();
    private static final Schema V2 = SchemaBuilder.record("Reading").namespace("io.streamtune.it").fields()
            .requiredString("sensor")
            .requiredDouble("value")
            .optionalString("unit")
            .endRecord();

    private final String topic = TestRecords.uniqueTopic("evolution");
    private byte[] writtenWithV1;
    private byte[] writtenWithV2;

    @BeforeEach
    void writeWithBothVersions(EmbeddedRegistry registry) {
        try (SchemaRegistryClient client = registry.client()) {
            client.setCompatibility(topic + "-value", "BACKWARD");
        }
        try (AvroRegistrySerde<GenericRecord> producer = RegistrySerdes.generic(registry.clientConfig(), false)) {
            writtenWithV1 = producer.serializer().serialize(topic, reading(V1, "t-1", 20.5, null));
            writtenWithV2 = producer.serializer().serialize(topic, reading(V2, "t-2", 68.9, "F"));
        }
        assertThat(schemaId(writtenWithV2)).as("v2 is registered as a new schema")
                .isNotEqualTo(schemaId(writtenWithV1));
    }

    @Test
    void shouldLetAV2ConsumerReadV1RecordsWithTheNewFieldDefaulted(EmbeddedRegistry registry) {
        try (AvroRegistrySerde<GenericRecord> v2Consumer = RegistrySerdes.generic(registry.clientConfig(), false, V2)) {
            GenericRecord old = v2Consumer.deserializer().deserialize(topic, writtenWithV1);
            GenericRecord current = v2Consumer.deserializer().deserialize(topic, writtenWithV2);

            assertThat(old.getSchema()).isEqualTo(V2);
            assertThat(old.get("sensor")).hasToString("t-1");
            assertThat(old.get("value")).isEqualTo(20.5);
            assertThat(old.get("unit")).isNull();
            assertThat(current.get("unit")).hasToString("F");
        }
    }

    @Test
    void shouldLetAV1ConsumerReadV2RecordsIgnoringTheNewField(EmbeddedRegistry registry) {
        try (AvroRegistrySerde<GenericRecord> v1Consumer = RegistrySerdes.generic(registry.clientConfig(), false, V1)) {
            GenericRecord newer = v1Consumer.deserializer().deserialize(topic, writtenWithV2);

            assertThat(newer.getSchema()).isEqualTo(V1);
            assertThat(newer.get("sensor")).hasToString("t-2");
            assertThat(newer.get("value")).isEqualTo(68.9);
            assertThat(newer.getSchema().getField("unit")).isNull();
        }
    }

    private static GenericRecord reading(Schema schema, String sensor, double value, String unit) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("sensor", sensor);
        record.put("value", value);
        if (unit != null) {
            record.put("unit", unit);
        }
        return record;
    }

    private static int schemaId(byte[] payload) {
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }
}
