package io.streamtune.serving;

import static io.streamtune.serving.ServeConfig.HTTP_AUTH_TOKEN_CONFIG;
import static io.streamtune.serving.ServeConfig.HTTP_AUTH_TOKEN_FILE_CONFIG;
import static io.streamtune.serving.ServeConfig.HTTP_TLS_CLIENT_AUTH_CONFIG;
import static io.streamtune.serving.ServeConfig.HTTP_TLS_KEYSTORE_LOCATION_CONFIG;
import static io.streamtune.serving.ServeConfig.HTTP_TLS_KEYSTORE_PASSWORD_CONFIG;
import static io.streamtune.serving.ServeConfig.HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG;

import io.streamtune.serving.http.HttpSettings;
import io.streamtune.serving.http.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The {@code http.*} keys of {@link ServeConfig} checked together: one source of the bearer token, readable TLS
 * stores with their passwords, and mutual TLS only with a truststore (and a truststore only for mutual TLS).
 */
final class HttpKeys {

    private HttpKeys() {
    }

    /** The HTTP server's settings of {@code config}; throws {@link ConfigException} naming the offending key. */
    static HttpSettings settings(ServeConfig config) {
        return new HttpSettings(config.getString(ServeConfig.HTTP_HOST_CONFIG).trim(),
                config.getInt(ServeConfig.HTTP_PORT_CONFIG), config.getInt(ServeConfig.HTTP_THREADS_CONFIG),
                config.getInt(ServeConfig.HTTP_MAX_QUEUED_CONFIG),
                config.getInt(ServeConfig.HTTP_MAX_REQUEST_BYTES_CONFIG),
                config.getInt(ServeConfig.HTTP_MAX_BATCH_CONFIG), config.getInt(ServeConfig.HTTP_MAX_TEXT_CHARS_CONFIG),
                Duration.ofMillis(config.getLong(ServeConfig.HTTP_SHUTDOWN_GRACE_MS_CONFIG)), token(config),
                tls(config));
    }

    private static Optional<Password> token(ServeConfig config) {
        Password inline = config.getPassword(HTTP_AUTH_TOKEN_CONFIG);
        String file = config.getString(HTTP_AUTH_TOKEN_FILE_CONFIG);
        if (inline != null && file != null) {
            throw new ConfigException(HTTP_AUTH_TOKEN_FILE_CONFIG, file, "give the token once: either "
                    + HTTP_AUTH_TOKEN_CONFIG + " or " + HTTP_AUTH_TOKEN_FILE_CONFIG);
        }
        String token;
        if (file != null) {
            try {
                token = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new ConfigException(HTTP_AUTH_TOKEN_FILE_CONFIG, file, "cannot be read: " + e.getMessage());
            }
        } else {
            token = inline == null ? null : inline.value().trim();
        }
        if (token != null && token.isEmpty()) {
            throw new ConfigException(file != null ? HTTP_AUTH_TOKEN_FILE_CONFIG : HTTP_AUTH_TOKEN_CONFIG,
                    "[hidden]", "the bearer token is empty");
        }
        return Optional.ofNullable(token).map(Password::new);
    }

    private static Optional<TlsSettings> tls(ServeConfig config) {
        String keystore = config.getString(HTTP_TLS_KEYSTORE_LOCATION_CONFIG);
        String truststore = config.getString(HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG);
        boolean clientAuth = "required".equals(config.getString(HTTP_TLS_CLIENT_AUTH_CONFIG).trim()
                .toLowerCase(Locale.ROOT));
        if (keystore == null) {
            if (clientAuth || truststore != null) {
                throw new ConfigException(HTTP_TLS_KEYSTORE_LOCATION_CONFIG, null,
                        "mutual TLS needs the server's own keystore");
            }
            return Optional.empty();
        }
        if (clientAuth != (truststore != null)) {
            throw new ConfigException(HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG, truststore, clientAuth
                    ? HTTP_TLS_CLIENT_AUTH_CONFIG + "=required needs a truststore with the clients' CA"
                    : "a truststore is used only with " + HTTP_TLS_CLIENT_AUTH_CONFIG + "=required");
        }
        Password keystorePassword = config.getPassword(HTTP_TLS_KEYSTORE_PASSWORD_CONFIG);
        if (keystorePassword == null) {
            throw new ConfigException(HTTP_TLS_KEYSTORE_PASSWORD_CONFIG, null, "the keystore needs its password");
        }
        return Optional.of(new TlsSettings(readable(HTTP_TLS_KEYSTORE_LOCATION_CONFIG, keystore),
                config.getString(ServeConfig.HTTP_TLS_KEYSTORE_TYPE_CONFIG), keystorePassword,
                Optional.ofNullable(config.getPassword(ServeConfig.HTTP_TLS_KEY_PASSWORD_CONFIG)),
                Optional.ofNullable(truststore).map(location -> readable(HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG,
                        location)), config.getString(ServeConfig.HTTP_TLS_TRUSTSTORE_TYPE_CONFIG),
                Optional.ofNullable(config.getPassword(ServeConfig.HTTP_TLS_TRUSTSTORE_PASSWORD_CONFIG))));
    }

    private static Path readable(String key, String location) {
        Path path = Path.of(location);
        if (!Files.isReadable(path)) {
            throw new ConfigException(key, location, "no readable file there");
        }
        return path;
    }
}
