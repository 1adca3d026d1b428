package io.streamtune.common.config;

import io.streamtune.common.kafka.BrokerProbe;
import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.metrics.ServiceHealth;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * How every Streamtune process reaches Kafka: bootstrap servers and the security settings (SASL, TLS) that all
 * clients share, client settings passed through with the {@code kafka.} prefix (e.g. {@code kafka.request.timeout.ms}),
 * how long a service waits between tries while the broker is down, and when its health turns down. Secrets are
 * {@link Password}s, so {@link #toString()} and logs never show them.
 */
public class KafkaConnectionConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SECURITY_PROTOCOL_CONFIG = CommonClientConfigs.SECURITY_PROTOCOL_CONFIG;

    /** Prefix of settings handed to every Kafka client of the service (minus the prefix). */
    public static final String CLIENT_PREFIX = "kafka.";
    public static final String RETRY_BACKOFF_MS_CONFIG = "broker.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "broker.retry.backoff.max.ms";
    public static final String HEALTH_LIVE_TIMEOUT_MS_CONFIG = "health.live.timeout.ms";
    public static final String HEALTH_STALL_TIMEOUT_MS_CONFIG = "health.stall.timeout.ms";
    public static final String HEALTH_PROBE_INTERVAL_MS_CONFIG = "health.broker.probe.interval.ms";

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
                        Importance.LOW, "Empty to disable host name verification of broker certificates.")
                .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 1000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Wait after a blocking Kafka call first timed out or lost its broker, before trying again; "
                                + "doubled after every further failure. A service retries for as long as the broker "
                                + "is down, and stops only on fatal errors (fenced, not authorized).")
                .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Cap of the wait between tries while the broker is down.")
                .define(HEALTH_LIVE_TIMEOUT_MS_CONFIG, Type.LONG, 600_000L, ConfigDef.Range.atLeast(1),
                        Importance.LOW, "/health/live fails when the main loop made no progress for this long and "
                                + "is not waiting on the broker (a wedged process). Longer than one unit of work.")
                .define(HEALTH_STALL_TIMEOUT_MS_CONFIG, Type.LONG, 600_000L, ConfigDef.Range.atLeast(1),
                        Importance.LOW, "/health/ready fails when records wait (lag > 0) and nothing was processed "
                                + "for this long.")
                .define(HEALTH_PROBE_INTERVAL_MS_CONFIG, Type.LONG, 5_000L, ConfigDef.Range.atLeast(100),
                        Importance.LOW, "How often the service asks the broker for the cluster id; /health/ready "
                                + "fails while it does not answer.");
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

    /**
     * Settings to hand to a Kafka producer, consumer, admin client or Streams app: connection and security, then the
     * {@code kafka.*} pass-through settings (e.g. shorter timeouts), which win.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = connectionProperties();
        props.putAll(originalsWithPrefix(CLIENT_PREFIX));
        return props;
    }

    /** Settings of an admin client: connection, security and the {@code kafka.*} pass-through settings. */
    public Map<String, Object> adminConfigs() {
        return clientProperties();
    }

    /**
     * A consumer that sees only committed records (every Streamtune topic is written in transactions, and an aborted
     * record must never count) and commits no offsets on its own; the caller adds a group when it needs one.
     */
    public Map<String, Object> readCommittedConsumerConfigs() {
        Map<String, Object> props = clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    /** A producer that writes each record once: idempotent, acknowledged by every in-sync replica. */
    public Map<String, Object> idempotentProducerConfigs() {
        return idempotentProducer(clientProperties());
    }

    /**
     * {@code client} (connection and security settings) as a producer that writes each record once: idempotent,
     * acknowledged by every in-sync replica. For tools that hold client settings without a config of their own.
     */
    public static Map<String, Object> idempotentProducer(Map<String, ?> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    /** An idempotent producer with {@code transactionalId}: a newer producer with the same id fences this one. */
    protected Map<String, Object> transactionalProducerConfigs(String transactionalId) {
        Map<String, Object> props = idempotentProducerConfigs();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return props;
    }

    /** Retries of blocking Kafka calls while the broker is down, as configured; gives up once {@code stop} says so. */
    public BrokerRetry brokerRetry(BooleanSupplier stop) {
        return new BrokerRetry(Duration.ofMillis(getLong(RETRY_BACKOFF_MS_CONFIG)),
                Duration.ofMillis(Math.max(getLong(RETRY_BACKOFF_MS_CONFIG), getLong(RETRY_BACKOFF_MAX_MS_CONFIG))),
                stop);
    }

    /** A probe of this cluster, at the configured interval; the caller closes it. */
    public BrokerProbe brokerProbe(String service) {
        return new BrokerProbe(clientProperties(), Duration.ofMillis(getLong(HEALTH_PROBE_INTERVAL_MS_CONFIG)),
                service);
    }

    /**
     * Liveness and readiness of {@code service} with the configured timeouts.
     *
     * @param waitingOnBroker whether a blocking call is being retried, e.g. {@link BrokerRetry#waitingOnBroker}
     */
    public ServiceHealth serviceHealth(String service, BrokerProbe probe, BooleanSupplier waitingOnBroker) {
        return new ServiceHealth(service, Duration.ofMillis(getLong(HEALTH_LIVE_TIMEOUT_MS_CONFIG)),
                Duration.ofMillis(getLong(HEALTH_STALL_TIMEOUT_MS_CONFIG)), probe::reachable, waitingOnBroker);
    }

    private Map<String, Object> connectionProperties() {
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
