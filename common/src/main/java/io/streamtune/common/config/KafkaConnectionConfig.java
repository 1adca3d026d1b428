package io.streamtune.common.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * How every Streamtune process reaches Kafka: bootstrap servers and the security settings (SASL, TLS) that all
 * clients share. Secrets are {@link Password}s, so {@link #toString()} and logs never show them.
 */
public class KafkaConnectionConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SECURITY_PROTOCOL_CONFIG = CommonClientConfigs.SECURITY_PROTOCOL_CONFIG;

    /** Keys that are copied verbatim into every Kafka client's configuration when set. */
    private static final String[] CLIENT_KEYS = {
        BOOTSTRAP_SERVERS_CONFIG, SECURITY_PROTOCOL_CONFIG,
        SaslConfigs.SASL_MECHANISM, SaslConfigs.SASL_JAAS_CONFIG,
        SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
        SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
        SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG,
        SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, SslConfigs.SSL_KEY_PASSWORD_CONFIG,
        SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
    };

    /** The definitions, for services to extend with their own keys. */
    public static ConfigDef baseConfigDef() {
        return new ConfigDef()
                .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, "127.0.0.1:9092", KafkaConnectionConfig::requireNonEmptyList,
                        Importance.HIGH, "Kafka bootstrap servers, host:port[,host:port...].")
                .define(SECURITY_PROTOCOL_CONFIG, Type.STRING, SecurityProtocol.PLAINTEXT.name,
                        ConfigDef.CaseInsensitiveValidString.in(SecurityProtocol.names().toArray(String[]::new)),
                        Importance.MEDIUM, CommonClientConfigs.SECURITY_PROTOCOL_DOC)
                .define(SaslConfigs.SASL_MECHANISM, Type.STRING, null, Importance.MEDIUM,
                        "SASL mechanism, e.g. SCRAM-SHA-512.")
                .define(SaslConfigs.SASL_JAAS_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        "JAAS login module line with credentials (secret).")
                .define(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "Truststore with the CA that signed the brokers' certificates.")
                .define(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        "Truststore password (secret).")
                .define(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, null, Importance.LOW,
                        "Truststore type (JKS or PKCS12).")
                .define(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "Keystore with this client's certificate, for mutual TLS.")
                .define(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        "Keystore password (secret).")
                .define(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, Type.STRING, null, Importance.LOW,
                        "Keystore type (JKS or PKCS12).")
                .define(SslConfigs.SSL_KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW,
                        "Password of the private key in the keystore (secret).")
                .define(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, Type.STRING, "https",
                        Importance.LOW, "Empty to disable host name verification of broker certificates.");
    }

    private static void requireNonEmptyList(String name, Object value) {
        if (value == null || ((java.util.List<?>) value).isEmpty()) {
            throw new ConfigException(name, value, "must name at least one host:port");
        }
    }

    public KafkaConnectionConfig(Map<String, ?> originals) {
        this(baseConfigDef(), originals);
    }

    protected KafkaConnectionConfig(ConfigDef definition, Map<String, ?> originals) {
        super(definition, originals, false);
    }

    /** Settings to hand to a Kafka producer, consumer, admin client or Streams app. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        for (String key : CLIENT_KEYS) {
            Object value = get(key);
            if (value instanceof Password password) {
                props.put(key, password.value());
            } else if (value != null) {
                props.put(key, value instanceof java.util.List<?> list ? String.join(",", list.stream()
                        .map(String::valueOf).toList()) : value);
            }
        }
        return props;
    }

    /** Every known key with its value; secrets print as {@code [hidden]}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + ConfigDescriptions.shownValues(this);
    }
}
