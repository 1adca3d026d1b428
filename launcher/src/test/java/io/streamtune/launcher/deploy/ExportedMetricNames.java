package io.streamtune.launcher.deploy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Prometheus names Streamtune exports, taken from the code: every Micrometer meter a main source file builds
 * ({@code Counter.builder(NAME)} and the like, the name a string constant or literal), registered in a real
 * {@link PrometheusMeterRegistry} so that Micrometer itself adds the suffixes ({@code _total}, {@code _seconds_count},
 * a base unit), plus the Kafka client meters {@link KafkaClientMetrics} exports for a real consumer.
 */
final class ExportedMetricNames {

    /** Names that are not Streamtune's own, with what exports them. */
    static final Map<String, String> EXTERNAL = Map.of(
            "up", "Prometheus itself, for every scrape target",
            "kafka_consumergroup_lag", "Strimzi's Kafka Exporter (kafkaExporter in k8s/base/kafka.yaml)");

    private static final Pattern CONSTANT =
            Pattern.compile("static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([^\"]*)\"\\s*;");
    /** A builder call; its name is a literal, a constant, or a concatenation of them ({@code PREFIX + "swaps"}). */
    private static final Pattern BUILDER = Pattern.compile("\\b(Counter|Gauge|TimeGauge|Timer|LongTaskTimer"
            + "|DistributionSummary|FunctionCounter)\\s*\\.\\s*builder\\s*\\(\\s*((?:\"[^\"]*\"|[\\w.]+)"
            + "(?:\\s*\\+\\s*(?:\"[^\"]*\"|[\\w.]+))*)");
    private static final Pattern BASE_UNIT =
            Pattern.compile("\\.baseUnit\\(\\s*(?:\"([^\"]*)\"|BaseUnits\\.(\\w+))\\s*\\)");
    private static final String PREFIX = "streamtune.";

    /** A meter as the code builds it; {@code histogram}: it publishes percentile histogram buckets. */
    record Meter(String type, String name, String baseUnit, boolean histogram) {
    }

    /** The meters found, and the builder calls whose name could not be resolved to a string. */
    record Scan(List<Meter> meters, List<String> unresolved) {
    }

    private ExportedMetricNames() {
    }

    /** Every {@code streamtune.*} meter built in the main sources of the modules under {@code root}. */
    static Scan scan(Path root) {
        Map<String, String> qualified = new HashMap<>();
        Map<Path, Map<String, String>> local = new HashMap<>();
        List<Path> sources = mainSources(root);
        for (Path file : sources) {
            String className = file.getFileName().toString().replace(".java", "");
            Map<String, String> constants = new HashMap<>();
            Matcher constant = CONSTANT.matcher(read(file));
            while (constant.find()) {
                constants.put(constant.group(1), constant.group(2));
                qualified.put(className + "." + constant.group(1), constant.group(2));
            }
            local.put(file, constants);
        }
        List<Meter> meters = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (Path file : sources) {
            String code = read(file);
            Matcher builder = BUILDER.matcher(code);
            while (builder.find()) {
                String name = resolve(builder.group(2), local.get(file), qualified);
                if (name == null) {
                    unresolved.add(root.relativize(file) + ": " + builder.group());
                } else if (name.startsWith(PREFIX)) {
                    String chain = code.substring(builder.end(), code.indexOf(';', builder.end()));
                    meters.add(new Meter(builder.group(1), name, baseUnit(chain),
                            chain.contains(".publishPercentileHistogram()")));
                }
            }
        }
        return new Scan(meters, unresolved);
    }

    /** The string {@code expression} (literals and constants joined by {@code +}) stands for, or {@code null}. */
    private static String resolve(String expression, Map<String, String> local, Map<String, String> qualified) {
        StringBuilder name = new StringBuilder();
        for (String part : expression.split("\\s*\\+\\s*")) {
            String value = part.startsWith("\"") ? part.substring(1, part.length() - 1)
                    : local.getOrDefault(part, qualified.get(part));
            if (value == null) {
                return null;
            }
            name.append(value);
        }
        return name.toString();
    }

    /** The names Prometheus scrapes for {@code meters}, as Micrometer's Prometheus registry writes them. */
    static Set<String> prometheusNames(List<Meter> meters) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            for (Meter meter : meters) {
                register(registry, meter);
            }
            return namesIn(registry.scrape());
        } finally {
            registry.close();
        }
    }

    /** The names of the Kafka consumer meters the trainer and evaluator bind (ingest's Streams clients: the same). */
    static Set<String> kafkaConsumerNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Constructing a consumer connects to nothing; its meters exist from the start.
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9",
                ConsumerConfig.CLIENT_ID_CONFIG, "metric-names");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaClientMetrics metrics = new KafkaClientMetrics(consumer)) {
            metrics.bindTo(registry);
            return namesIn(registry.scrape());
        } finally {
            registry.close();
        }
    }

    private static void register(PrometheusMeterRegistry registry, Meter meter) {
        String name = meter.name();
        switch (meter.type()) {
            case "Counter" -> Counter.builder(name).baseUnit(meter.baseUnit()).register(registry);
            case "FunctionCounter" -> FunctionCounter.builder(name, registry, r -> 0)
                    .baseUnit(meter.baseUnit()).register(registry);
            case "Gauge" -> Gauge.builder(name, () -> 0).baseUnit(meter.baseUnit()).register(registry);
            case "TimeGauge" -> TimeGauge.builder(name, () -> 0, TimeUnit.SECONDS).register(registry);
            case "Timer" -> Timer.builder(name).publishPercentileHistogram(meter.histogram()).register(registry);
            case "LongTaskTimer" -> LongTaskTimer.builder(name).register(registry);
            case "DistributionSummary" -> DistributionSummary.builder(name).baseUnit(meter.baseUnit())
                    .publishPercentileHistogram(meter.histogram()).register(registry);
            default -> throw new IllegalArgumentException("Unknown meter type " + meter.type());
        }
    }

    private static Set<String> namesIn(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static String baseUnit(String chain) {
        Matcher unit = BASE_UNIT.matcher(chain);
        if (!unit.find()) {
            return null;
        }
        if (unit.group(1) != null) {
            return unit.group(1);
        }
        try {
            return (String) BaseUnits.class.getField(unit.group(2)).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Unknown BaseUnits." + unit.group(2), e);
        }
    }

    /** The Java files under {@code <module>/src/main/java} of every module (a folder with a pom.xml). */
    private static List<Path> mainSources(Path root) {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.exists(m.resolve("pom.xml"))).toList()) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> files = Files.walk(main)) {
                        files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(sources::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
