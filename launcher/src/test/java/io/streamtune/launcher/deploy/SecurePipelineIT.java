package io.streamtune.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.kafka.Topics;
import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.evaluator.EvaluatorService;
import io.streamtune.ingest.IngestConfig;
import io.streamtune.ingest.IngestService;
import io.streamtune.kafka.embedded.EmbeddedKafkaBroker;
import io.streamtune.kafka.embedded.SaslSslListener;
import io.streamtune.launcher.KeywordExamples;
import io.streamtune.launcher.Streamtune;
import io.streamtune.launcher.TinyBase;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.testkit.TestCertificates;
import io.streamtune.trainer.TrainerConfig;
import io.streamtune.trainer.TrainerService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The pipeline on a secured Kafka, as {@code deploy/k8s} runs it: a broker that takes clients only over SASL_SSL
 * (SCRAM-SHA-512, TLS certificates made by this test, client certificates required) and enforces ACLs; the topics
 * of the KafkaTopic manifests; and each service logged in as its own KafkaUser with exactly the ACLs of
 * {@code users.yaml}. Ingest, trainer and evaluator turn produced examples into an evaluated, promoted checkpoint,
 * which the CLI reads with {@code --command-config}. Clients without a password, with a wrong one or without a
 * certificate are refused.
 */
class SecurePipelineIT {

    private static final String TASK = "spam";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static TestCertificates certificates;
    private static Path clientKeystore;
    private static SaslSslListener listener;
    private static final Map<String, String> PASSWORDS = new HashMap<>();
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedRegistry registry;
    private static final List<AutoCloseable> SERVICES = new ArrayList<>();

    @BeforeAll
    static void startSecuredBrokerWithTheManifestsUsersTopicsAndAcls() throws Exception {
        certificates = TestCertificates.create(dir.resolve("tls"));
        Path brokerKeystore = certificates.keystore("broker");
        clientKeystore = certificates.keystore("streamtune-client");
        listener = new SaslSslListener(brokerKeystore, certificates.password(), certificates.truststore(),
                certificates.password(), "admin", UUID.randomUUID().toString()).requireClientCertificates();
        List<AclBinding> acls = new ArrayList<>();
        for (JsonNode user : KafkaUserAcls.users()) {
            String name = user.path("metadata").path("name").asText();
            PASSWORDS.put(name, UUID.randomUUID().toString());
            listener.user(name, PASSWORDS.get(name));
            acls.addAll(KafkaUserAcls.bindings(user));
        }
        broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).saslSsl(listener).build().start();
        try (Admin admin = broker.admin()) {
            admin.createAcls(acls).all().get();
            admin.createTopics(Manifests.declaredTopics()).all().get();
        }
        registry = EmbeddedRegistry.builder(dir.resolve("registry")).build().start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable service : SERVICES) {
            service.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldTurnExamplesIntoAPromotedCheckpointWithEachServiceOnlyAllowedWhatItsKafkaUserAllows()
            throws Exception {
        IngestConfig ingest = new IngestConfig(serviceConfig("streamtune-ingest", Map.of(
                "tasks", TASK, "task.spam.labels", "ham,spam", "validation.fraction", "0.3",
                "shard.max.examples", "40", "shard.max.age.ms", "1000", "shard.check.interval.ms", "200",
                "state.dir", dir.resolve("ingest-state").toString())));
        assertThat(ingest.toString()).as("secrets stay out of what services log")
                .doesNotContain(PASSWORDS.get("streamtune-ingest"), certificates.password());
        SERVICES.add(IngestService.start(ingest));
        SERVICES.add(TrainerService.start(new TrainerConfig(serviceConfig("streamtune-trainer", Map.ofEntries(
                Map.entry("tasks", TASK), Map.entry("task.spam.labels", "ham,spam"), Map.entry("base.model", "tiny"),
                Map.entry("device", "cpu"), Map.entry("threads", "1"), Map.entry("max.length", "16"),
                Map.entry("batch.size", "8"), Map.entry("learning.rate", "0.002"), Map.entry("warmup.steps", "2"),
                Map.entry("checkpoint.every.shards", "1"),
                Map.entry("checkpoint.dir", dir.resolve("checkpoints").toString()))))));
        SERVICES.add(EvaluatorService.start(new EvaluatorConfig(serviceConfig("streamtune-evaluator", Map.of(
                "checkpoint.dir", dir.resolve("checkpoints").toString(), "gate.rules", "macro_f1 >= 0.0",
                "min.validation.examples", "5", "validation.anchor.size", "5", "validation.recent.size", "100",
                "device", "cpu"))), new TinyBase(), Clock.systemUTC()));

        produceExamples(200);

        try (KafkaConsumer<String, byte[]> evaluations = adminConsumer()) {
            evaluations.subscribe(List.of(Topics.EVALUATIONS.name()));
            List<EvaluationEvent> seen = new ArrayList<>();
            try (AvroRegistrySerde<EvaluationEvent> serde = RegistrySerdes.specific(EvaluationEvent.class,
                    registry.clientConfig(), false)) {
                await().atMost(WAIT).untilAsserted(() -> {
                    for (ConsumerRecord<String, byte[]> record : evaluations.poll(Duration.ofMillis(500))) {
                        seen.add(serde.deserializer().deserialize(record.topic(), record.value()));
                    }
                    assertThat(seen).anyMatch(EvaluationEvent::getPromoted);
                });
            }
            EvaluationEvent promoted = seen.stream().filter(EvaluationEvent::getPromoted).findFirst().orElseThrow();

            // An operator reads the champion with the CLI, logged in through --command-config...
            String operator = commandConfig("streamtune-operator", PASSWORDS.get("streamtune-operator")).toString();
            Cli promotions = cli("promotions", "--task", TASK, "--command-config", operator);
            assertThat(promotions.exitCode()).as(promotions.err()).isZero();
            assertThat(promotions.out()).contains(promoted.getCheckpointId(), "PROMOTION");
            // ...and every service's lag, which its Describe ACLs on groups and topics allow.
            Cli lag = cli("lag", "--command-config", operator);
            assertThat(lag.exitCode()).as(lag.err()).isZero();
            assertThat(lag.out()).contains("streamtune-ingest", "streamtune-trainer", "streamtune-evaluator");
        }
    }

    @Test
    void shouldRefuseAClientWithoutCredentials() {
        Map<String, Object> props = adminClientProperties();
        // TLS with a valid certificate, but no SASL login: the listener wants a SCRAM handshake first.
        props.put("security.protocol", "SSL");
        props.put("ssl.keystore.location", clientKeystore.toString());
        props.put("ssl.keystore.password", certificates.password());

        assertThatThrownBy(() -> clusterId(props)).hasRootCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void shouldRefuseAClientWithAWrongPassword() {
        Map<String, Object> props = secureClientProperties("streamtune-producer", "not-the-password");

        assertThatThrownBy(() -> clusterId(props)).hasRootCauseInstanceOf(SaslAuthenticationException.class)
                .rootCause().hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");
    }

    @Test
    void shouldRefuseAClientWithoutACertificateEvenWithTheRightPassword() {
        Map<String, Object> props = secureClientProperties("streamtune-producer", PASSWORDS.get("streamtune-producer"));
        props.remove("ssl.keystore.location");
        props.remove("ssl.keystore.password");
        props.remove("ssl.keystore.type");

        assertThatThrownBy(() -> clusterId(props)).hasCauseInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void shouldKeepAProducerToTheTopicsItsAclsName() {
        Map<String, Object> props = secureClientProperties("streamtune-producer", PASSWORDS.get("streamtune-producer"));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(Topics.PROMOTIONS.name(), 0)));
            consumer.seekToBeginning(consumer.assignment());
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(Topics.PROMOTIONS.name());
        }
    }

    @Test
    void shouldRefuseTheCliWithAWrongPasswordWithoutPrintingIt() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        Cli cli = cli("promotions", "--task", TASK, "--command-config",
                commandConfig("streamtune-operator", wrong).toString());

        assertThat(cli.exitCode()).isNotZero();
        assertThat(cli.err()).contains("Authentication failed").doesNotContain(wrong);
        assertThat(cli.out()).doesNotContain(wrong);
    }

    /** A service's settings: logged in as {@code user}, as the Deployments do, plus its own. */
    private static Map<String, Object> serviceConfig(String user, Map<String, String> own) {
        Map<String, Object> config = secureClientProperties(user, PASSWORDS.get(user));
        config.put("schema.registry.url", registry.url());
        config.put("metrics.port", "-1");
        config.putAll(own);
        return config;
    }

    private static Map<String, Object> secureClientProperties(String user, String password) {
        Map<String, Object> props = new HashMap<>(listener.clientSettings(user, password, clientKeystore,
                certificates.password()));
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return props;
    }

    private static Map<String, Object> adminClientProperties() {
        Map<String, Object> props = new HashMap<>(broker.adminClientProperties());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        return props;
    }

    private static String clusterId(Map<String, Object> props) throws InterruptedException, ExecutionException {
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        try (Admin admin = Admin.create(props)) {
            return admin.describeCluster().clusterId().get();
        }
    }

    private static void produceExamples(int count) throws Exception {
        Map<String, Object> props = secureClientProperties("streamtune-producer", PASSWORDS.get("streamtune-producer"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer());
                AvroRegistrySerde<LabeledExample> serde = RegistrySerdes.specific(LabeledExample.class,
                        registry.clientConfig(), false)) {
            for (LabeledExample example : KeywordExamples.examples(TASK, "secure-", count, 3)) {
                String topic = Topics.EXAMPLES.name();
                producer.send(new ProducerRecord<>(topic, example.getId(),
                        serde.serializer().serialize(topic, example)));
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<String, byte[]> adminConsumer() {
        Map<String, Object> props = new HashMap<>(broker.adminClientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "secure-it-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A {@code --command-config} file, as an operator would keep it (registry address included). */
    private static Path commandConfig(String user, String password) throws Exception {
        Properties file = new Properties();
        listener.clientSettings(user, password, clientKeystore, certificates.password())
                .forEach((key, value) -> file.setProperty(key, String.valueOf(value)));
        file.setProperty("bootstrap.servers", broker.bootstrapServers());
        file.setProperty("schema.registry.url", registry.url());
        Path path = Files.createTempFile(dir, user, ".properties");
        try (var out = Files.newBufferedWriter(path)) {
            file.store(out, null);
        }
        return path;
    }

    private record Cli(int exitCode, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Streamtune.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int code = command.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
