package io.streamtune.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * The configuration tables of the READMEs, generated from the {@link ConfigDef}s so that they cannot drift: a
 * Markdown table per definition, kept between {@code <!-- config:NAME:start -->} and {@code <!-- config:NAME:end -->}
 * markers. Each service has a test that calls {@link #check}; run with {@value #WRITE_PROPERTY}{@code =true}, it
 * rewrites the table instead.
 */
public final class ConfigDocs {

    /** System property that makes {@link #check} write the tables instead of comparing them. */
    public static final String WRITE_PROPERTY = "streamtune.docs.write";

    /** The command that regenerates every README's config table. */
    public static final String REGENERATE_COMMAND = "mvn -B -o -q -pl common,ingest-service,trainer-service,"
            + "evaluator-service,serving -am test -Dtest='*ConfigDocsTest' -Dsurefire.failIfNoSpecifiedTests=false -D"
            + WRITE_PROPERTY + "=true";

    private ConfigDocs() {
    }

    /** The keys of {@code definition} that are not in {@code shared}: what a service adds to the shared keys. */
    public static ConfigDef without(ConfigDef definition, Collection<String> shared) {
        ConfigDef own = new ConfigDef();
        Set<String> skip = Set.copyOf(shared);
        definition.configKeys().values().stream().filter(key -> !skip.contains(key.name)).forEach(own::define);
        return own;
    }

    /** One row per key, in the order of definition: key, default, valid values, meaning. */
    public static String markdownTable(ConfigDef definition) {
        StringBuilder table = new StringBuilder("| key | default | valid values | meaning |\n|---|---|---|---|\n");
        for (ConfigKey key : definition.configKeys().values()) {
            table.append("| `").append(key.name).append("` | ").append(defaultOf(key)).append(" | ")
                    .append(validValues(key)).append(" | ").append(cell(key.documentation)).append(" |\n");
        }
        return table.toString();
    }

    /** {@code text} with the part between the markers of {@code name} replaced by {@code table}. */
    public static String replaceTable(String text, String name, String table) {
        String start = startMarker(name);
        String end = "<!-- config:" + name + ":end -->";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("No markers " + start + " ... " + end + " in this text");
        }
        return text.substring(0, from + start.length()) + "\n" + table + text.substring(to);
    }

    /**
     * Compares the table {@code name} of {@code readme} with {@code definition}'s, or writes it when the system
     * property {@value #WRITE_PROPERTY} is {@code true}.
     *
     * @throws AssertionError when the README differs; the message says how to regenerate it
     */
    public static void check(Path readme, String name, ConfigDef definition) {
        try {
            String current = Files.readString(readme);
            String generated = replaceTable(current, name, markdownTable(definition));
            if (Boolean.getBoolean(WRITE_PROPERTY)) {
                Files.writeString(readme, generated);
            } else if (!generated.equals(current)) {
                throw new AssertionError("The config table '" + name + "' in " + readme.toAbsolutePath()
                        + " differs from its ConfigDef. Regenerate every README's table with:\n  "
                        + REGENERATE_COMMAND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #check} of the module README (a test's working directory is its module) against the keys
     * {@code definition} adds to {@link KafkaConnectionConfig#baseConfigDef()}, which the root README documents.
     */
    public static void checkServiceReadme(String name, ConfigDef definition) {
        check(Path.of("README.md"), name, without(definition, KafkaConnectionConfig.baseConfigDef().names()));
    }

    private static String startMarker(String name) {
        return "<!-- config:" + name + ":start -->";
    }

    private static String defaultOf(ConfigKey key) {
        if (!key.hasDefault()) {
            return "required";
        }
        if (key.defaultValue == null) {
            return "(unset)";
        }
        String value = ConfigDef.convertToString(key.defaultValue, key.type);
        return value.isEmpty() ? "(empty)" : "`" + value.replace("|", "\\|") + "`";
    }

    private static String validValues(ConfigKey key) {
        // Lambdas and method references print as class names: only validators that describe themselves count.
        if (key.validator == null || key.validator.getClass().isSynthetic()
                || key.validator.getClass().getName().contains("$$Lambda")) {
            return "";
        }
        return cell(key.validator.toString());
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ");
    }
}
