package io.streamtune.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaslSslListenerTest {

    private static SaslSslListener listener() {
        return new SaslSslListener(Path.of("broker.p12"), "keystore-pw", Path.of("trust.p12"), "truststore-pw",
                "admin", "admin-pw");
    }

    @Test
    void shouldCreateEveryUsersScramCredentialWhenFormatting() {
        String[] args = listener().user("streamtune-ingest", "ingest-pw").formatArguments();

        assertThat(args).containsExactly("--add-scram", "SCRAM-SHA-512=[name=admin,password=admin-pw]",
                "--add-scram", "SCRAM-SHA-512=[name=streamtune-ingest,password=ingest-pw]");
    }

    @Test
    void shouldAskForClientCertificatesOnTheListenerItselfWhenMutualTlsIsRequired() {
        Map<String, String> props = listener().requireClientCertificates().brokerSettings("SASL_SSL");

        // A plain ssl.client.auth is ignored on SASL_SSL listeners (KIP-684).
        assertThat(props).containsEntry("listener.name.sasl_ssl.ssl.client.auth", "required")
                .containsEntry("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        SaslSslListener.jaasConfig("admin", "admin-pw"))
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .doesNotContainKey("ssl.client.auth");
    }

    @Test
    void shouldNeverShowAPasswordInToString() {
        String shown = listener().user("streamtune-ingest", "ingest-pw").toString();

        assertThat(shown).contains("admin", "streamtune-ingest").doesNotContain("admin-pw", "ingest-pw",
                "keystore-pw", "truststore-pw");
    }

    @Test
    void shouldRefuseAPasswordThatWouldBreakTheFormatArgument() {
        assertThatThrownBy(() -> listener().user("u", "a,b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("a,b");
        assertThatThrownBy(() -> listener().user("u", "a]b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> listener().user("bad name", "pw")).isInstanceOf(IllegalArgumentException.class);
    }
}
