package io.streamtune.serving.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The HTTPS setup of the inference server: its key and, for mutual TLS, the CA that client certificates need. */
final class ServerTls {

    private ServerTls() {
    }

    /**
     * A configurator that serves with the keystore's key and requires client certificates when the settings say so.
     *
     * @throws ConfigException when a store cannot be read or opened with its password
     */
    static HttpsConfigurator configurator(TlsSettings tls) {
        SSLContext context;
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store(tls.keystore(), tls.keystoreType(), tls.keystorePassword()),
                    tls.keyPassword().orElse(tls.keystorePassword()).value().toCharArray());
            TrustManagerFactory trust = null;
            if (tls.truststore().isPresent()) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store(tls.truststore().get(), tls.truststoreType(),
                        tls.truststorePassword().orElse(null)));
            }
            context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS for the inference server: " + e.getMessage());
        }
        boolean clientCertificates = tls.clientCertificatesRequired();
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(clientCertificates);
                params.setSSLParameters(parameters);
            }
        };
    }

    private static KeyStore store(Path location, String type, Password password) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(location)) {
            store.load(in, password == null ? null : password.value().toCharArray());
        } catch (IOException e) {
            throw new ConfigException("Cannot open the " + type + " store " + location + ": " + e.getMessage());
        }
        return store;
    }
}
