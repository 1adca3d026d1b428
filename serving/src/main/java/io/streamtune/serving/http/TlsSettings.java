package io.streamtune.serving.http;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * The server's TLS: its key and certificate, and for mutual TLS the truststore that client certificates must chain
 * to. Passwords are {@link Password}s, so that {@code toString} never shows them.
 *
 * @param keystore           keystore with the server's key and certificate chain
 * @param keystoreType       e.g. {@code PKCS12}
 * @param keystorePassword   the keystore's password
 * @param keyPassword        the key's password; empty: the keystore's
 * @param truststore         CA certificates of accepted clients; present exactly when client certificates are required
 * @param truststoreType     e.g. {@code PKCS12}
 * @param truststorePassword the truststore's password
 */
public record TlsSettings(Path keystore, String keystoreType, Password keystorePassword, Optional<Password> keyPassword,
        Optional<Path> truststore, String truststoreType, Optional<Password> truststorePassword) {

    public TlsSettings {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(keystoreType, "keystoreType");
        Objects.requireNonNull(keystorePassword, "keystorePassword");
        Objects.requireNonNull(keyPassword, "keyPassword");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(truststoreType, "truststoreType");
        Objects.requireNonNull(truststorePassword, "truststorePassword");
    }

    /** A PKCS12 keystore whose key shares its password; no client certificates asked for. */
    public static TlsSettings serverOnly(Path keystore, String password) {
        return new TlsSettings(keystore, "PKCS12", new Password(password), Optional.empty(), Optional.empty(),
                "PKCS12", Optional.empty());
    }

    /** These settings, requiring client certificates signed by a CA of the PKCS12 {@code truststore}. */
    public TlsSettings requiringClientCertificates(Path newTruststore, String password) {
        return new TlsSettings(keystore, keystoreType, keystorePassword, keyPassword, Optional.of(newTruststore),
                "PKCS12", Optional.of(new Password(password)));
    }

    /** Whether every client must present a certificate (mutual TLS). */
    public boolean clientCertificatesRequired() {
        return truststore.isPresent();
    }
}
