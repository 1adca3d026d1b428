package io.streamtune.launcher.deploy;

import io.streamtune.common.config.ConfigLoader;
import io.streamtune.common.config.TaskKeys;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.metrics.MetricsServer;
import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.evaluator.EvaluatorMain;
import io.streamtune.evaluator.EvaluatorService;
import io.streamtune.ingest.IngestConfig;
import io.streamtune.ingest.IngestMain;
import io.streamtune.ingest.IngestService;
import io.streamtune.registry.SchemaRegistryConfig;
import io.streamtune.serving.ServeConfig;
import io.streamtune.serving.ServeMain;
import io.streamtune.serving.kafka.InferenceLoop;
import io.streamtune.trainer.TrainerConfig;
import io.streamtune.trainer.TrainerMain;
import io.streamtune.trainer.TrainerService;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The three services and {@code serve} as the deployment sees them, taken from their code: the keys their typed
 * configs define, the key prefixes they pass through to Kafka clients, the topics they provision at start, their main
 * class and where they answer health checks and scrapes.
 */
enum ServiceKind {

    INGEST("ingest", IngestConfig::configDef, IngestConfig::new, IngestService.TOPICS,
            List.of(IngestConfig.STREAMS_PREFIX), IngestMain.class, Endpoints.PIPELINE),
    TRAINER("trainer", TrainerConfig::configDef, TrainerConfig::new, TrainerService.TOPICS,
            List.of(TrainerConfig.CONSUMER_PREFIX), TrainerMain.class, Endpoints.PIPELINE),
    EVALUATOR("evaluator", tasks -> EvaluatorConfig.configDef(), EvaluatorConfig::new, EvaluatorService.TOPICS,
            List.of(EvaluatorConfig.CONSUMER_PREFIX), EvaluatorMain.class, Endpoints.PIPELINE),
    SERVE("serve", tasks -> ServeConfig.configDef(), ServeConfig::new, InferenceLoop.TOPICS, List.of(),
            ServeMain.class, Endpoints.SERVE);

    /**
     * Where a process answers: the key of its port, its liveness and readiness paths, the key of its static group
     * membership id, and the keys that turn on TLS and a bearer token on that port ({@code null}: it has none).
     */
    record Endpoints(String portKey, String livePath, String readyPath, String groupInstanceIdKey, String tlsKey,
            String tokenKey) {

        /** Ingest, trainer and evaluator: {@code MetricsServer} on {@code metrics.port}, plain HTTP. */
        static final Endpoints PIPELINE = new Endpoints(EvaluatorConfig.METRICS_PORT_CONFIG, MetricsServer.LIVE_PATH,
                MetricsServer.READY_PATH, EvaluatorConfig.GROUP_INSTANCE_ID_CONFIG, null, null);
        /** serve: the Open Inference Protocol's health paths and {@code /metrics} on its one HTTP port. */
        static final Endpoints SERVE = new Endpoints(ServeConfig.HTTP_PORT_CONFIG, "/v2/health/live",
                "/v2/health/ready", ServeConfig.INFERENCE_GROUP_INSTANCE_ID_CONFIG,
                ServeConfig.HTTP_TLS_KEYSTORE_LOCATION_CONFIG, ServeConfig.HTTP_AUTH_TOKEN_CONFIG);

        /** Whether {@code raw} turns TLS on. */
        boolean tls(Map<String, String> raw) {
            return tlsKey != null && raw.get(tlsKey) != null;
        }
    }

    private final String component;
    private final Function<List<String>, ConfigDef> definitions;
    private final Consumer<Map<String, String>> parser;
    private final List<TopicSpec<?>> provisionedTopics;
    private final List<String> passThroughPrefixes;
    private final Class<?> mainClass;
    private final Endpoints endpoints;

    ServiceKind(String component, Function<List<String>, ConfigDef> definitions, Consumer<Map<String, String>> parser,
            List<TopicSpec<?>> provisionedTopics, List<String> passThroughPrefixes, Class<?> mainClass,
            Endpoints endpoints) {
        this.component = component;
        this.definitions = definitions;
        this.parser = parser;
        this.provisionedTopics = provisionedTopics;
        this.passThroughPrefixes = passThroughPrefixes;
        this.mainClass = mainClass;
        this.endpoints = endpoints;
    }

    /** The service of a Kubernetes component label or Compose service name, or {@code null}. */
    static ServiceKind of(String component) {
        for (ServiceKind kind : values()) {
            if (kind.component.equals(component)) {
                return kind;
            }
        }
        return null;
    }

    String component() {
        return component;
    }

    /** The topics the service creates or re-configures at start (its {@code TOPICS}). */
    List<TopicSpec<?>> provisionedTopics() {
        return provisionedTopics;
    }

    Class<?> mainClass() {
        return mainClass;
    }

    Endpoints endpoints() {
        return endpoints;
    }

    /** Whether it follows the task specs on {@code tasks} and reports on {@code tasks.status} (serve does not). */
    boolean followsTaskSpecs() {
        return this != SERVE;
    }

    /** The service's config keys for the tasks of {@code raw}, the schema registry's keys included. */
    ConfigDef definitions(Map<String, String> raw) {
        List<String> tasks = raw.containsKey(TaskKeys.TASKS_CONFIG) ? TaskKeys.taskNames(raw) : List.of();
        ConfigDef def = definitions.apply(tasks);
        SchemaRegistryConfig.configDef().configKeys().values().forEach(def::define);
        return def;
    }

    /** Whether the service reads {@code key}: one of its config keys or under a pass-through prefix. */
    boolean reads(String key, Map<String, String> raw) {
        return definitions(raw).names().contains(key) || passThroughPrefixes.stream().anyMatch(key::startsWith);
    }

    /** Parses {@code raw} with the service's own typed config; throws what the service would throw at start. */
    void parse(Map<String, String> raw) {
        parser.accept(raw);
    }

    /** The raw configuration a process with this environment reads ({@code STREAMTUNE_*} only). */
    static Map<String, String> rawConfig(Map<String, String> environment) {
        return ConfigLoader.fromEnv(environment);
    }
}
