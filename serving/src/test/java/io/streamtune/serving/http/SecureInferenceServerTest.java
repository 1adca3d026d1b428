package io.streamtune.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.testkit.TestCertificates;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a bearer token, and mutual TLS: who gets an answer and who does not. */
class SecureInferenceServerTest {

    private static final String TOKEN = "s3cret-token";
    private static final String INFER = "/v2/models/spam/infer";

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static Path serverKeystore;
    private static Path clientKeystore;

    private final ScriptedChampions champions = new ScriptedChampions().load("spam", "ckpt-7");
    private TestServer server;

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.create(dir.resolve("pki"));
        serverKeystore = certificates.keystore("serve");
        clientKeystore = certificates.keystore("client");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAnswerOverTlsOnlyWithTheBearerToken() throws Exception {
        TlsSettings tls = TlsSettings.serverOnly(serverKeystore, certificates.password());
        start(Optional.of(new Password(TOKEN)), tls);
        OipClient anonymous = OipClient.https(server.port(), context(false));
        String body = OipClient.inferBody("x", "[\"win\"]", 1);

        OipClient.Answer missing = anonymous.post(INFER, body);
        OipClient.Answer wrong = anonymous.withToken("guess").post(INFER, body);
        OipClient.Answer right = anonymous.withToken(TOKEN).post(INFER, body);

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.error()).contains("needs a bearer token");
        assertThat(missing.response().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.error()).isEqualTo("the bearer token is not valid");
        assertThat(right.status()).isEqualTo(200);
        assertThat(anonymous.get("/metrics").status()).isEqualTo(401);
        assertThat(anonymous.get("/v2/models/spam").status()).isEqualTo(401);
        // Probes carry no token; the health checks tell them nothing secret.
        assertThat(anonymous.get("/v2/health/ready").status()).isEqualTo(200);
        assertThat(anonymous.get("/v2/health/live").status()).isEqualTo(200);
    }

    @Test
    void shouldAnswerTheSameClientAgainAfterRefusingARequestWithABody() throws Exception {
        start(Optional.of(new Password(TOKEN)), TlsSettings.serverOnly(serverKeystore, certificates.password()));
        OipClient client = OipClient.https(server.port(), context(false));
        String body = OipClient.inferBody("x", "[\"win\"]", 1);

        // Refused before its body is read, so the server ends the connection rather than leave it mid-body; before
        // it said so, the client's next request on that connection failed within ~50-150 rounds over TLS.
        for (int round = 0; round < 150; round++) {
            OipClient.Answer refused = client.post(INFER, body);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.response().headers().firstValue("Connection")).hasValue("close");
            assertThat(client.withToken(TOKEN).post(INFER, body).status()).isEqualTo(200);
        }
    }

    @Test
    void shouldNotSpeakPlainHttpWhenTlsIsConfigured() throws Exception {
        start(Optional.empty(), TlsSettings.serverOnly(serverKeystore, certificates.password()));

        assertThatThrownBy(() -> OipClient.plain(server.port()).get("/v2/health/live"))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void shouldRequireAClientCertificateSignedByTheTrustedCaForMutualTls() throws Exception {
        start(Optional.empty(), TlsSettings.serverOnly(serverKeystore, certificates.password())
                .requiringClientCertificates(certificates.truststore(), certificates.password()));

        OipClient.Answer withCertificate = OipClient.https(server.port(), context(true))
                .post(INFER, OipClient.inferBody("x", "[\"win\"]", 1));

        assertThat(withCertificate.status()).isEqualTo(200);
        assertThat(withCertificate.json().path("model_version").asText()).isEqualTo("ckpt-7");
        assertThatThrownBy(() -> OipClient.https(server.port(), context(false)).get("/v2/health/live"))
                .isInstanceOf(UncheckedIOException.class);
    }

    private void start(Optional<Password> token, TlsSettings tls) {
        server = TestServer.start(HttpSettings.loopback(0).withSecurity(token, Optional.of(tls)), champions, "spam");
    }

    /** A client context trusting the test CA, with the client's certificate when {@code withCertificate}. */
    private static SSLContext context(boolean withCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(certificates.truststore()));
        KeyManagerFactory keys = null;
        if (withCertificate) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(clientKeystore), certificates.password().toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, certificates.password().toCharArray());
        }
        return keyStore;
    }
}
