package io.streamtune.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SchemaRegistryConfigTest {

    private static final String URL = "http://127.0.0.1:8081/apis/ccompat/v7";

    @Test
    void shouldApplySensibleDefaults() {
        SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of(SchemaRegistryConfig.URL_CONFIG, URL + "/"));

        assertThat(config.urls()).containsExactly(URI.create(URL));
        assertThat(config.autoRegister()).isTrue();
        assertThat(config.specificReader()).isFalse();
        assertThat(config.subjectNameStrategy(false)).isEqualTo(SubjectNameStrategy.TOPIC_NAME);
        assertThat(config.credentialsSource()).isNull();
        assertThat(config.maxRetries()).isEqualTo(3);
    }

    @Test
    void shouldRequireTheRegistryUrl() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of("bootstrap.servers", "127.0.0.1:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldRejectAUrlThatIsNotHttp() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of(SchemaRegistryConfig.URL_CONFIG, "mock://scope")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http:// or https://");
    }

    @Test
    void shouldIgnoreTheRestOfAClientConfiguration() {
        SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of(SchemaRegistryConfig.URL_CONFIG, URL,
                "bootstrap.servers", "127.0.0.1:9092", "acks", "all"));

        assertThat(config.urls()).hasSize(1);
    }

    @Test
    void shouldRequireUserAndPasswordWhenCredentialsComeFromUserInfo() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of(SchemaRegistryConfig.URL_CONFIG, URL,
                SchemaRegistryConfig.BASIC_AUTH_SOURCE_CONFIG, "USER_INFO",
                SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "no-colon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user:password")
                .hasMessageNotContaining("no-colon");
    }

    @Test
    void shouldRejectAnUnknownCredentialsSource() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of(SchemaRegistryConfig.URL_CONFIG, URL,
                SchemaRegistryConfig.BASIC_AUTH_SOURCE_CONFIG, "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryConfig.BASIC_AUTH_SOURCE_CONFIG);
    }

    @Test
    void shouldHideSecretsAndUrlCredentialsInToString() {
        SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of(
                SchemaRegistryConfig.URL_CONFIG, "https://alice:s3cret-url@registry.example:8081",
                SchemaRegistryConfig.BASIC_AUTH_SOURCE_CONFIG, "USER_INFO",
                SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "bob:s3cret-info",
                SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, "/etc/ssl/registry.p12",
                SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, "s3cret-store"));

        assertThat(config.toString())
                .doesNotContain("s3cret", "alice")
                .contains("[hidden]", "registry.example", "/etc/ssl/registry.p12");
    }

    @Test
    void shouldBuildTheBasicAuthHeaderFromUserInfoOrUrl() {
        SchemaRegistryConfig fromUserInfo = new SchemaRegistryConfig(Map.of(SchemaRegistryConfig.URL_CONFIG, URL,
                SchemaRegistryConfig.BASIC_AUTH_SOURCE_CONFIG, "user_info",
                SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "alice:pw"));
        SchemaRegistryConfig fromUrl = new SchemaRegistryConfig(Map.of(
                SchemaRegistryConfig.URL_CONFIG, "http://alice:pw@127.0.0.1:8081",
                SchemaRegistryConfig.BASIC_AUTH_SOURCE_CONFIG, "URL"));

        // "alice:pw" in base64
        assertThat(RegistryHttp.basicAuthHeader(fromUserInfo)).isEqualTo("Basic YWxpY2U6cHc=");
        assertThat(RegistryHttp.basicAuthHeader(fromUrl)).isEqualTo("Basic YWxpY2U6cHc=");
    }

    @Test
    void shouldNameABadTruststoreInTheError() {
        Map<String, Object> config = Map.of(SchemaRegistryConfig.URL_CONFIG, "https://127.0.0.1:8443",
                SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, "/nonexistent/truststore.p12");

        assertThatThrownBy(() -> new SchemaRegistryClient(new SchemaRegistryConfig(config)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("/nonexistent/truststore.p12");
    }
}
