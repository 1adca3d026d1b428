package io.streamtune.kafka.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A secured client listener for {@link EmbeddedKafkaBroker}: SASL_SSL with SCRAM-SHA-512, the broker's TLS identity,
 * optionally mutual TLS, and ACLs enforced by KRaft's {@code StandardAuthorizer}. The SCRAM users are created when
 * the log directory is formatted; {@code admin} is a super user and the broker's own inter-broker identity.
 *
 * <p>{@link #toString()} names the users and stores but never a password.
 */
public final class SaslSslListener {

    /** The SASL mechanism of the listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    private final Path keystore;
    private final String keystorePassword;
    private final Path truststore;
    private final String truststorePassword;
    private boolean clientCertificateRequired;
    private final String adminUser;
    private final String adminPassword;
    private final Map<String, String> users = new LinkedHashMap<>();

    /**
     * @param keystore           PKCS12 keystore with the broker's key and a certificate valid for 127.0.0.1
     * @param keystorePassword   its password (also the key's)
     * @param truststore         PKCS12 truststore with the CA that signs client and broker certificates
     * @param truststorePassword its password
     * @param adminUser          super user; the broker authenticates as this user to itself
     * @param adminPassword      its SCRAM password
     */
    public SaslSslListener(Path keystore, String keystorePassword, Path truststore, String truststorePassword,
            String adminUser, String adminPassword) {
        this.keystore = keystore.toAbsolutePath();
        this.keystorePassword = Objects.requireNonNull(keystorePassword, "keystorePassword");
        this.truststore = truststore.toAbsolutePath();
        this.truststorePassword = Objects.requireNonNull(truststorePassword, "truststorePassword");
        this.adminUser = requireName(adminUser);
        this.adminPassword = requirePassword(adminPassword);
    }

    /** Refuses clients that present no certificate signed by the truststore's CA (mutual TLS on top of SCRAM). */
    public SaslSslListener requireClientCertificates() {
        this.clientCertificateRequired = true;
        return this;
    }

    /**
     * Adds a SCRAM user, created when the log directory is formatted (so not on a directory formatted before). It
     * gets no ACL: grant what it needs through {@link EmbeddedKafkaBroker#admin()}.
     */
    public SaslSslListener user(String name, String password) {
        users.put(requireName(name), requirePassword(password));
        return this;
    }

    public boolean clientCertificateRequired() {
        return clientCertificateRequired;
    }

    /** The JAAS line of a SCRAM login, as clients put it in {@code sasl.jaas.config}. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Broker settings for a listener named {@code listener} on the given address. */
    Map<String, String> brokerSettings(String listener) {
        String prefix = "listener.name." + listener.toLowerCase(java.util.Locale.ROOT) + ".";
        Map<String, String> props = new LinkedHashMap<>();
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put(prefix + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                jaasConfig(adminUser, adminPassword));
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.password", keystorePassword);
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", truststorePassword);
        props.put("ssl.truststore.type", "PKCS12");
        // On a SASL_SSL listener only the listener-prefixed setting asks clients for certificates (KIP-684).
        props.put(prefix + "ssl.client.auth", clientCertificateRequired ? "required" : "none");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // The controller listener stays PLAINTEXT on 127.0.0.1 and only the broker itself talks to it; its requests
        // arrive as ANONYMOUS, which must be allowed to register the broker and replicate metadata.
        props.put("super.users", "User:" + adminUser + ";User:ANONYMOUS");
        props.put("allow.everyone.if.no.acl.found", "false");
        return props;
    }

    /** {@code kafka-storage format} arguments that create the SCRAM credentials. */
    String[] formatArguments() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(adminUser, adminPassword);
        all.putAll(users);
        return all.entrySet().stream()
                .flatMap(user -> java.util.stream.Stream.of("--add-scram",
                        MECHANISM + "=[name=" + user.getKey() + ",password=" + user.getValue() + "]"))
                .toArray(String[]::new);
    }

    /** Client settings of the admin user (with the broker's own certificate when mutual TLS is required). */
    Map<String, Object> adminClientSettings() {
        return clientSettings(adminUser, adminPassword, clientCertificateRequired ? keystore : null,
                keystorePassword);
    }

    /**
     * Settings for a client of this listener: SASL_SSL, SCRAM as {@code user}, the truststore, and a keystore when
     * one is given (required when {@link #clientCertificateRequired()}).
     */
    public Map<String, Object> clientSettings(String user, String password, Path clientKeystore,
            String clientKeystorePassword) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", MECHANISM);
        props.put("sasl.jaas.config", jaasConfig(user, password));
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", truststorePassword);
        props.put("ssl.truststore.type", "PKCS12");
        if (clientKeystore != null) {
            props.put("ssl.keystore.location", clientKeystore.toAbsolutePath().toString());
            props.put("ssl.keystore.password", clientKeystorePassword);
            props.put("ssl.keystore.type", "PKCS12");
        }
        return props;
    }

    private static String requireName(String name) {
        // The name goes into a StorageTool argument of the form [name=...,password=...].
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("SCRAM user names are letters, digits, '.', '_' or '-': " + name);
        }
        return name;
    }

    private static String requirePassword(String password) {
        // Also part of that argument: a ',' or ']' would end the password early.
        if (password == null || password.isEmpty() || password.matches(".*[,\\]\"\\\\].*")) {
            throw new IllegalArgumentException("SCRAM passwords must be non-empty, without ',', ']', '\"' or '\\'");
        }
        return password;
    }

    @Override
    public String toString() {
        return "SaslSslListener[" + MECHANISM + ", keystore=" + keystore + ", truststore=" + truststore
                + ", clientCertificates=" + (clientCertificateRequired ? "required" : "none") + ", admin=" + adminUser
                + ", users=" + users.keySet() + "]";
    }
}
