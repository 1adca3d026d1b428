package io.streamtune.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.registry.errors.SchemaRegistrySerdeException;
import io.streamtune.schemas.LabeledExample;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serdes reach a registry over HTTPS with the {@code schema.registry.ssl.*} truststore settings. */
class TlsRegistryIT {

    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static EmbeddedRegistry registry;
    private static String httpsUrl;
    private static Path truststore;

    @BeforeAll
    static void startRegistryWithTls() throws Exception {
        Path keystore = dir.resolve("registry.p12");
        Path certificate = dir.resolve("registry.pem");
        truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "registry", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", STORE_PASSWORD);
        int httpsPort = freePort();
        registry = EmbeddedRegistry.builder(dir.resolve("data"))
                .pipelineCompatibility(false)
                .environment(Map.of(
                        "QUARKUS_HTTP_SSL_PORT", String.valueOf(httpsPort),
                        "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_FILE", keystore.toString(),
                        "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_PASSWORD", STORE_PASSWORD))
                .build().start();
        httpsUrl = "https://127.0.0.1:" + httpsPort + EmbeddedRegistry.CCOMPAT_PATH;
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldRoundTripOverHttpsWithTheConfiguredTruststore() {
        Map<String, Object> config = Map.of(
                SchemaRegistryConfig.URL_CONFIG, httpsUrl,
                SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString(),
                SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, STORE_PASSWORD);
        LabeledExample example = TestRecords.example("tls-1", "Sent over TLS", "ham");
        try (AvroRegistrySerde<LabeledExample> serde = RegistrySerdes.specific(LabeledExample.class, config, false)) {
            byte[] bytes = serde.serializer().serialize("secure", example);

            assertThat(serde.deserializer().deserialize("secure", bytes)).isEqualTo(example);
            assertThat(serde.client().subjects()).contains("secure-value");
        }
    }

    @Test
    void shouldFailAtOnceNamingTheTlsSettingsWhenTheCertificateIsNotTrusted() {
        Map<String, Object> config = Map.of(SchemaRegistryConfig.URL_CONFIG, httpsUrl,
                SchemaRegistryConfig.RETRY_BACKOFF_MS_CONFIG, 10_000L);
        try (AvroRegistrySerde<LabeledExample> serde = RegistrySerdes.specific(LabeledExample.class, config, false)) {
            assertThatThrownBy(() -> serde.serializer().serialize("secure", TestRecords.example("x", "t", "ham")))
                    .isInstanceOf(SchemaRegistrySerdeException.class)
                    .hasMessageContaining("TLS")
                    .hasMessageContaining("schema.registry.ssl.truststore");
            assertThat(serde.client().stats().retries()).isZero();
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
