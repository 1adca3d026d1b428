package io.streamtune.launcher.deploy;

import io.streamtune.common.config.ConfigLoader;
import io.streamtune.common.config.TaskKeys;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.evaluator.EvaluatorMain;
import io.streamtune.evaluator.EvaluatorService;
import io.streamtune.ingest.IngestConfig;
import io.streamtune.ingest.IngestMain;
import io.streamtune.ingest.IngestService;
import io.streamtune.registry.SchemaRegistryConfig;
import io.streamtune.trainer.TrainerConfig;
import io.streamtune.trainer.TrainerMain;
import io.streamtune.trainer.TrainerService;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The three services as the deployment sees them, taken from their code: the keys their typed configs define, the
 * key prefixes they pass through to Kafka clients, the topics they provision at start and their main class.
 */
enum ServiceKind {

    INGEST("ingest", IngestConfig::configDef, IngestConfig::new, IngestService.TOPICS,
            List.of(IngestConfig.STREAMS_PREFIX), IngestMain.class),
    TRAINER("trainer", TrainerConfig::configDef, TrainerConfig::new, TrainerService.TOPICS,
            List.of(TrainerConfig.CONSUMER_PREFIX), TrainerMain.class),
    EVALUATOR("evaluator", tasks -> EvaluatorConfig.configDef(), EvaluatorConfig::new, EvaluatorService.TOPICS,
            List.of(EvaluatorConfig.CONSUMER_PREFIX), EvaluatorMain.class);

    private final String component;
    private final Function<List<String>, ConfigDef> definitions;
    private final Consumer<Map<String, String>> parser;
    private final List<TopicSpec<?>> provisionedTopics;
    private final List<String> passThroughPrefixes;
    private final Class<?> mainClass;

    ServiceKind(String component, Function<List<String>, ConfigDef> definitions, Consumer<Map<String, String>> parser,
            List<TopicSpec<?>> provisionedTopics, List<String> passThroughPrefixes, Class<?> mainClass) {
        this.component = component;
        this.definitions = definitions;
        this.parser = parser;
        this.provisionedTopics = provisionedTopics;
        this.passThroughPrefixes = passThroughPrefixes;
        this.mainClass = mainClass;
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
