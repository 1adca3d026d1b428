package io.streamtune.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.serving.http.HttpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code http.*} keys of {@link ServeConfig}: secure defaults, and settings that cannot work are refused. */
class ServeConfigHttpTest {

    @TempDir
    Path dir;

    @Test
    void shouldBindLoopbackWithoutTlsOrTokenByDefault() {
        HttpSettings http = config(Map.of()).http();

        assertThat(http.host()).isEqualTo("127.0.0.1");
        assertThat(http.port()).isEqualTo(8080);
        assertThat(http.token()).isEmpty();
        assertThat(http.tls()).isEmpty();
    }

    @Test
    void shouldReadTheTokenFromAFileAndNeverPrintIt() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "from-file-token\n");

        ServeConfig config = config(Map.of("http.auth.token.file", file.toString()));

        assertThat(config.http().token()).hasValueSatisfying(token ->
                assertThat(token.value()).isEqualTo("from-file-token"));
        assertThat(config.http().toString()).doesNotContain("from-file-token");
    }

    @Test
    void shouldRefuseTwoTokenSourcesOrAnEmptyToken() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  \n");

        assertThatThrownBy(() -> config(Map.of("http.auth.token", "a", "http.auth.token.file", file.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("give the token once");
        assertThatThrownBy(() -> config(Map.of("http.auth.token.file", file.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("the bearer token is empty");
        assertThatThrownBy(() -> config(Map.of("http.auth.token.file", dir.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void shouldRefuseTlsSettingsThatCannotWork() throws Exception {
        Path keystore = Files.write(dir.resolve("serve.p12"), new byte[] {1});
        Map<String, String> withKeystore = Map.of("http.tls.keystore.location", keystore.toString(),
                "http.tls.keystore.password", "pw");

        assertThatThrownBy(() -> config(Map.of("http.tls.client.auth", "required")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mutual TLS needs the server's own keystore");
        assertThatThrownBy(() -> config(Map.of("http.tls.keystore.location", keystore.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("the keystore needs its password");
        assertThatThrownBy(() -> config(with(withKeystore, "http.tls.client.auth", "required")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs a truststore");
        assertThatThrownBy(() -> config(with(withKeystore, "http.tls.truststore.location", keystore.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("used only with http.tls.client.auth");
        assertThatThrownBy(() -> config(Map.of("http.tls.keystore.location", dir.resolve("nope.p12").toString(),
                "http.tls.keystore.password", "pw"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no readable file there");
        assertThat(config(with(withKeystore, "http.tls.client.auth", "none")).http().tls()).isPresent();
    }

    @Test
    void shouldRefuseLimitsOutOfRange() {
        assertThatThrownBy(() -> config(Map.of("http.threads", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.threads");
        assertThatThrownBy(() -> config(Map.of("http.max.batch", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.max.batch");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> settings = new HashMap<>(base);
        settings.put(key, value);
        return settings;
    }

    private static ServeConfig config(Map<String, String> http) {
        Map<String, String> settings = new HashMap<>(http);
        settings.put("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7");
        settings.put("checkpoint.dir", "/tmp/checkpoints");
        return new ServeConfig(settings);
    }
}
