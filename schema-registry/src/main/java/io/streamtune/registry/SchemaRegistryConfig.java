package io.streamtune.registry;

import io.streamtune.common.config.ConfigDescriptions;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the registry client and the Avro serdes. Keys are the ones users of Confluent's serdes already know
 * ({@code schema.registry.url}, {@code auto.register.schemas}, {@code basic.auth.*},
 * {@code schema.registry.ssl.*}), so an existing client configuration works unchanged. Unknown keys (the rest of a
 * producer or consumer configuration) are ignored. Secrets are {@link Password}s: {@link #toString()} hides them.
 */
public final class SchemaRegistryConfig extends AbstractConfig {

    public static final String URL_CONFIG = "schema.registry.url";
    private static final String URL_DOC = "Comma-separated base URLs of a Confluent-compatible schema registry, e.g. "
            + "http://127.0.0.1:8081/apis/ccompat/v7 for Apicurio. Tried in order when one is unreachable.";

    public static final String AUTO_REGISTER_CONFIG = "auto.register.schemas";
    private static final String AUTO_REGISTER_DOC = "Register the writer schema when serializing. When false the "
            + "schema must already be registered under the subject, or serialization fails.";

    public static final String SPECIFIC_READER_CONFIG = "specific.avro.reader";
    private static final String SPECIFIC_READER_DOC = "When the deserializer is created from configuration alone, "
            + "return generated SpecificRecord classes (looked up by the writer schema's full name) instead of "
            + "GenericRecord.";

    public static final String KEY_SUBJECT_STRATEGY_CONFIG = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_STRATEGY_CONFIG = "value.subject.name.strategy";
    private static final String SUBJECT_STRATEGY_DOC = "How a subject is named: TopicNameStrategy (<topic>-key or "
            + "<topic>-value), RecordNameStrategy (<record full name>) or TopicRecordNameStrategy "
            + "(<topic>-<record full name>). Confluent's class names are accepted too.";

    public static final String BASIC_AUTH_SOURCE_CONFIG = "basic.auth.credentials.source";
    private static final String BASIC_AUTH_SOURCE_DOC = "Where HTTP basic-auth credentials come from: USER_INFO "
            + "(basic.auth.user.info) or URL (user:password@ in schema.registry.url). Unset means no authentication.";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    private static final String BASIC_AUTH_USER_INFO_DOC = "user:password for HTTP basic auth (secret).";

    public static final String SSL_PREFIX = "schema.registry.";
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = SSL_PREFIX + "ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = SSL_PREFIX + "ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = SSL_PREFIX + "ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = SSL_PREFIX + "ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = SSL_PREFIX + "ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE_CONFIG = SSL_PREFIX + "ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD_CONFIG = SSL_PREFIX + "ssl.key.password";

    public static final String MAX_RETRIES_CONFIG = "schema.registry.max.retries";
    private static final String MAX_RETRIES_DOC = "Retries of a request that could not reach the registry (connection "
            + "refused, timeout, HTTP 502/503/504) before failing with RegistryUnavailableException.";

    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Wait before the first retry; doubled for each further one.";

    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Upper bound of the wait between retries.";

    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";

    public static final String CACHE_CAPACITY_CONFIG = "schema.registry.cache.capacity";
    private static final String CACHE_CAPACITY_DOC = "Schemas kept per cache (ids to schemas, schemas to ids).";

    /** Accepted values of {@link #BASIC_AUTH_SOURCE_CONFIG}. */
    public enum CredentialsSource { USER_INFO, URL }

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, SchemaRegistryConfig::validateUrls,
                    Importance.HIGH, URL_DOC)
            .define(AUTO_REGISTER_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_DOC)
            .define(SPECIFIC_READER_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, SPECIFIC_READER_DOC)
            .define(KEY_SUBJECT_STRATEGY_CONFIG, Type.STRING, "TopicNameStrategy",
                    SchemaRegistryConfig::validateStrategy, Importance.LOW, SUBJECT_STRATEGY_DOC)
            .define(VALUE_SUBJECT_STRATEGY_CONFIG, Type.STRING, "TopicNameStrategy",
                    SchemaRegistryConfig::validateStrategy, Importance.LOW, SUBJECT_STRATEGY_DOC)
            .define(BASIC_AUTH_SOURCE_CONFIG, Type.STRING, null, SchemaRegistryConfig::validateSource,
                    Importance.MEDIUM, BASIC_AUTH_SOURCE_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                    "Truststore with the CA that signed the registry's certificate; unset uses the JVM's.")
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                    "Truststore password (secret).")
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"),
                    Importance.LOW, "Truststore type.")
            .define(SSL_KEYSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                    "Keystore with this client's certificate, for mutual TLS.")
            .define(SSL_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                    "Keystore password (secret).")
            .define(SSL_KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"),
                    Importance.LOW, "Keystore type.")
            .define(SSL_KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW,
                    "Password of the private key; defaults to the keystore password (secret).")
            .define(MAX_RETRIES_CONFIG, Type.INT, 3, Range.between(0, 100), Importance.LOW, MAX_RETRIES_DOC)
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 200L, Range.atLeast(0), Importance.LOW, RETRY_BACKOFF_MS_DOC)
            .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                    RETRY_BACKOFF_MAX_MS_DOC)
            .define(CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 5_000, Range.atLeast(1), Importance.LOW,
                    "Timeout to open a connection to the registry.")
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "Timeout of one registry request, response included.")
            .define(CACHE_CAPACITY_CONFIG, Type.INT, 1_000, Range.atLeast(1), Importance.LOW, CACHE_CAPACITY_DOC);

    /** Validates {@code originals}; throws {@link ConfigException} naming the bad key. */
    public SchemaRegistryConfig(Map<String, ?> originals) {
        super(DEFINITION, originals, false);
        if (credentialsSource() == CredentialsSource.USER_INFO) {
            Password userInfo = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
            if (userInfo == null || !userInfo.value().contains(":")) {
                throw new ConfigException(BASIC_AUTH_USER_INFO_CONFIG, "[hidden]",
                        "must be user:password when " + BASIC_AUTH_SOURCE_CONFIG + "=USER_INFO");
            }
        }
        if (getPassword(SSL_TRUSTSTORE_PASSWORD_CONFIG) != null && getString(SSL_TRUSTSTORE_LOCATION_CONFIG) == null) {
            throw new ConfigException(SSL_TRUSTSTORE_LOCATION_CONFIG, null,
                    "is required when " + SSL_TRUSTSTORE_PASSWORD_CONFIG + " is set");
        }
    }

    /** The definitions, for documentation and for configs that embed these keys. */
    public static ConfigDef configDef() {
        return new ConfigDef(DEFINITION);
    }

    public List<URI> urls() {
        return getList(URL_CONFIG).stream().map(u -> URI.create(stripTrailingSlash(u.trim()))).toList();
    }

    public boolean autoRegister() {
        return getBoolean(AUTO_REGISTER_CONFIG);
    }

    public boolean specificReader() {
        return getBoolean(SPECIFIC_READER_CONFIG);
    }

    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return SubjectNameStrategy.parse(
                getString(isKey ? KEY_SUBJECT_STRATEGY_CONFIG : VALUE_SUBJECT_STRATEGY_CONFIG));
    }

    /** Where basic-auth credentials come from, or {@code null} for none. */
    public CredentialsSource credentialsSource() {
        String source = getString(BASIC_AUTH_SOURCE_CONFIG);
        return source == null || source.isBlank() ? null : CredentialsSource.valueOf(source.toUpperCase(Locale.ROOT));
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES_CONFIG);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS_CONFIG);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS_CONFIG);
    }

    public int connectTimeoutMs() {
        return getInt(CONNECT_TIMEOUT_MS_CONFIG);
    }

    public int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS_CONFIG);
    }

    public int cacheCapacity() {
        return getInt(CACHE_CAPACITY_CONFIG);
    }

    /** Every known key with its value; secrets print as {@code [hidden]}, URLs without user info. */
    @Override
    public String toString() {
        Map<String, Object> shown = ConfigDescriptions.shownValues(this);
        shown.put(URL_CONFIG, urls().stream().map(SchemaRegistryConfig::withoutUserInfo).toList());
        return getClass().getSimpleName() + shown;
    }

    static String withoutUserInfo(URI uri) {
        if (uri.getUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "[hidden]@");
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void validateUrls(String name, Object value) {
        List<?> urls = (List<?>) value;
        if (urls == null || urls.isEmpty()) {
            throw new ConfigException(name, value, "must name at least one registry URL");
        }
        for (Object url : urls) {
            URI uri;
            try {
                uri = URI.create(String.valueOf(url).trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, url, "is not a URL: " + e.getMessage());
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new ConfigException(name, withoutUserInfoSafe(url), "must be an http:// or https:// URL with a host");
            }
        }
    }

    private static Object withoutUserInfoSafe(Object url) {
        String text = String.valueOf(url);
        int at = text.indexOf('@');
        int scheme = text.indexOf("://");
        return at > scheme && scheme >= 0 ? text.substring(0, scheme + 3) + "[hidden]" + text.substring(at) : text;
    }

    private static void validateStrategy(String name, Object value) {
        try {
            SubjectNameStrategy.parse((String) value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    private static void validateSource(String name, Object value) {
        if (value == null || ((String) value).isBlank()) {
            return;
        }
        try {
            CredentialsSource.valueOf(((String) value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "must be USER_INFO or URL (or unset for no authentication)");
        }
    }
}
