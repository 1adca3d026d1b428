package io.streamtune.kafka.embedded;

import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), listening on
 * 127.0.0.1. Its log directory is formatted on first start and reused afterwards, so topics and records survive
 * a restart on the same directory.
 *
 * <p>Clients connect over PLAINTEXT, or, with {@link Builder#saslSsl}, over SASL_SSL with SCRAM-SHA-512 (optionally
 * mutual TLS) and ACLs enforced, as a production cluster would have it.
 *
 * <p>Used by {@code ./streamtune broker} and, in-JVM, by integration tests.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final String META_PROPERTIES = "meta.properties";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final SaslSslListener saslSsl;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Builder builder) {
        this.dataDir = builder.dataDir.toAbsolutePath();
        this.port = builder.port == 0 ? freePort() : builder.port;
        this.controllerPort = builder.controllerPort == 0 ? freePort() : builder.controllerPort;
        this.saslSsl = builder.saslSsl;
    }

    /** Starts building a broker that keeps its data in {@code dataDir}. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /**
     * Formats the data directory when it is new, then starts the broker and waits until it is up. After
     * {@link #stop()} this starts it again on the same ports with the same data.
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("Broker already started");
        }
        Path logDir = dataDir.resolve("kraft-logs");
        Properties props = serverProperties(logDir);
        writeServerProperties(props);
        if (!Files.exists(logDir.resolve(META_PROPERTIES))) {
            format(logDir);
        }
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
        raftServer.startup();
        server = raftServer;
        LOG.info("Kafka broker listening on {} with data in {}", bootstrapServers(), dataDir);
        return this;
    }

    /** {@code 127.0.0.1:port}, for clients. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** An admin client for this broker (as its super user when secured); the caller closes it. */
    public Admin admin() {
        return Admin.create(adminClientProperties());
    }

    /** Client settings of the admin client: bootstrap servers, and on a secured broker the super user's login. */
    public Map<String, Object> adminClientProperties() {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (saslSsl != null) {
            props.putAll(saslSsl.adminClientSettings());
        }
        return props;
    }

    /** Creates the given topics idempotently with replication factor 1. */
    public TopicProvisioner.Result provision(Collection<TopicSpec<?>> topics) throws InterruptedException {
        try (Admin admin = admin()) {
            return new TopicProvisioner(admin, (short) 1).ensure(topics);
        }
    }

    /**
     * Stops the broker, as an outage would, keeping its ports and data: {@link #start()} brings the same broker back
     * on the same port and log directory, so clients reconnect to the address they know.
     */
    public synchronized void stop() {
        close();
    }

    /** Whether the broker is started and not stopped. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker and waits for it to finish; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("Kafka broker on port {} stopped", port);
        }
    }

    private Properties serverProperties(Path logDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        String client = saslSsl == null ? "PLAINTEXT" : "SASL_SSL";
        props.put("listeners", client + "://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", client + "://" + HOST + ":" + port);
        props.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", client);
        if (saslSsl != null) {
            props.putAll(saslSsl.brokerSettings(client));
        }
        props.put("controller.listener.names", "CONTROLLER");
        props.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        props.put("log.dirs", logDir.toString());
        // One node: every internal topic has exactly one replica, or transactions and Streams hang.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("message.max.bytes", String.valueOf(RecordSizeLimits.BROKER_MESSAGE_MAX_BYTES));
        props.put("log.cleaner.backoff.ms", "1000");
        return props;
    }

    private void writeServerProperties(Properties props) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("server.properties");
            try (Writer out = Files.newBufferedWriter(file)) {
                props.store(out, "Written by Streamtune's embedded broker at each start");
            }
            if (saslSsl != null && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // It holds the keystore passwords and the super user's login: for this user's eyes only.
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write broker config in " + dataDir, e);
        }
    }

    private void format(Path logDir) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            List<String> args = new ArrayList<>(List.of("format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", dataDir.resolve("server.properties").toString(), "--standalone", "--ignore-formatted"));
            if (saslSsl != null) {
                // SCRAM credentials live in the cluster metadata: the broker's own login must exist before it starts.
                args.addAll(List.of(saslSsl.formatArguments()));
            }
            exit = StorageTool.execute(args.toArray(String[]::new), out);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
        if (exit != 0) {
            throw new IllegalStateException("Formatting " + logDir + " failed (exit " + exit + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
        LOG.info("Formatted new Kafka log directory {}", logDir);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    /** Settings of an {@link EmbeddedKafkaBroker}. */
    public static final class Builder {
        private final Path dataDir;
        private int port;
        private int controllerPort;
        private SaslSslListener saslSsl;

        private Builder(Path dataDir) {
            this.dataDir = java.util.Objects.requireNonNull(dataDir, "dataDir");
        }

        /** Client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Controller port; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Serves clients on a SASL_SSL listener with SCRAM users and ACLs instead of PLAINTEXT. */
        public Builder saslSsl(SaslSslListener listener) {
            this.saslSsl = java.util.Objects.requireNonNull(listener, "listener");
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }
    }
}
