package io.streamtune.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Builds the TLS context of the registry client from the {@code schema.registry.ssl.*} settings. */
final class TlsContexts {

    private TlsContexts() {
    }

    /** A context when a truststore or keystore is configured; empty means the JVM's defaults. */
    static Optional<SSLContext> fromConfig(SchemaRegistryConfig config) {
        String truststore = config.getString(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG);
        String keystore = config.getString(SchemaRegistryConfig.SSL_KEYSTORE_LOCATION_CONFIG);
        if (truststore == null && keystore == null) {
            return Optional.empty();
        }
        try {
            TrustManagerFactory trust = null;
            if (truststore != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore,
                        config.getString(SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE_CONFIG),
                        config.getPassword(SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG)));
            }
            KeyManagerFactory keys = null;
            if (keystore != null) {
                Password storePassword = config.getPassword(SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD_CONFIG);
                Password keyPassword = config.getPassword(SchemaRegistryConfig.SSL_KEY_PASSWORD_CONFIG);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(SchemaRegistryConfig.SSL_KEYSTORE_LOCATION_CONFIG, keystore,
                        config.getString(SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG), storePassword),
                        chars(keyPassword != null ? keyPassword : storePassword));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return Optional.of(context);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS for the schema registry client: " + e.getMessage());
        }
    }

    private static KeyStore load(String key, String location, String type, Password password)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, chars(password));
        } catch (IOException e) {
            throw new ConfigException(key, location, "cannot be read as a " + type + " store: " + e.getMessage());
        }
        return store;
    }

    private static char[] chars(Password password) {
        return password == null ? null : password.value().toCharArray();
    }
}
