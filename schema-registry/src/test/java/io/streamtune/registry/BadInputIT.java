package io.streamtune.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.registry.errors.MalformedPayloadException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.registry.errors.TruncatedPayloadException;
import io.streamtune.registry.errors.UnknownMagicByteException;
import io.streamtune.registry.errors.UnknownSchemaIdException;
import io.streamtune.schemas.LabeledExample;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every kind of bad input yields its own exception with a useful message, never a hang or an NPE. */
@ExtendWith(RegistryExtension.class)
class BadInputIT {

    private final String topic = TestRecords.uniqueTopic("bad-input");
    private AvroRegistrySerde<LabeledExample> serde;

    @BeforeEach
    void createSerde(EmbeddedRegistry registry) {
        serde = RegistrySerdes.specific(LabeledExample.class, registry.clientConfig(), false);
    }

    @AfterEach
    void closeSerde() {
        serde.close();
    }

    @Test
    void shouldRejectGarbageBytesAsUnknownMagicByte() {
        byte[] garbage = "{\"id\":\"plain json, not avro\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, garbage))
                .isInstanceOfSatisfying(UnknownMagicByteException.class, e -> {
                    assertThat(e.magicByte()).isEqualTo('{');
                    assertThat(e.topic()).isEqualTo(topic);
                })
                .hasMessageContaining("0x7b").hasMessageContaining(topic);
    }

    @Test
    void shouldRejectMagicByteOne() {
        byte[] valid = serde.serializer().serialize(topic, TestRecords.example("e-1", "text", "ham"));
        valid[0] = 1;

        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, valid))
                .isInstanceOfSatisfying(UnknownMagicByteException.class, e -> assertThat(e.magicByte()).isEqualTo(1))
                .hasMessageContaining("0x01");
    }

    @Test
    void shouldRejectASchemaIdTheRegistryDoesNotKnow() {
        byte[] valid = serde.serializer().serialize(topic, TestRecords.example("e-2", "text", "ham"));
        ByteBuffer.wrap(valid).putInt(1, 987_654);

        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, valid))
                .isInstanceOfSatisfying(UnknownSchemaIdException.class,
                        e -> assertThat(e.schemaId()).isEqualTo(987_654))
                .hasMessageContaining("987654");
    }

    @Test
    void shouldRejectAPayloadCutInsideTheHeader() {
        byte[] valid = serde.serializer().serialize(topic, TestRecords.example("e-3", "text", "ham"));

        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, Arrays.copyOf(valid, 3)))
                .isInstanceOfSatisfying(TruncatedPayloadException.class, e -> assertThat(e.length()).isEqualTo(3))
                .hasMessageContaining("5-byte header");
    }

    @Test
    void shouldRejectAPayloadCutInsideTheAvroBody() {
        byte[] valid = serde.serializer().serialize(topic, TestRecords.example("e-4", "a longer text body", "spam"));
        byte[] truncated = Arrays.copyOf(valid, valid.length / 2);

        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, truncated))
                .isInstanceOf(TruncatedPayloadException.class)
                .hasMessageContaining("ends early");
    }

    @Test
    void shouldRejectBytesLeftOverAfterTheRecord() {
        byte[] valid = serde.serializer().serialize(topic, TestRecords.example("e-5", "text", "ham"));
        byte[] padded = Arrays.copyOf(valid, valid.length + 4);

        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, padded))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("left over");
    }

    @Test
    void shouldFailWithRegistryUnavailableAfterBoundedRetriesWhenTheRegistryIsDown() throws IOException {
        Map<String, Object> config = Map.of(
                SchemaRegistryConfig.URL_CONFIG, "http://127.0.0.1:" + closedPort(),
                SchemaRegistryConfig.MAX_RETRIES_CONFIG, 2,
                SchemaRegistryConfig.RETRY_BACKOFF_MS_CONFIG, 50L);
        try (AvroRegistrySerde<LabeledExample> offline = RegistrySerdes.specific(LabeledExample.class, config, false)) {
            byte[] header = {0, 0, 0, 0, 1, 2};

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThatThrownBy(() -> offline.serializer().serialize(topic, TestRecords.example("d", "t", "ham")))
                        .isInstanceOfSatisfying(RegistryUnavailableException.class,
                                e -> assertThat(e.attempts()).isEqualTo(3))
                        .hasMessageContaining("3 attempt(s)").hasMessageContaining(topic + "-value");
                assertThatThrownBy(() -> offline.deserializer().deserialize(topic, header))
                        .isInstanceOf(RegistryUnavailableException.class)
                        .hasMessageContaining("schema id 1");
            });
            assertThat(offline.client().stats().retries()).isEqualTo(4);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
