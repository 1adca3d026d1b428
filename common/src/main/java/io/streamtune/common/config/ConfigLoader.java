package io.streamtune.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Collects raw configuration from, in increasing precedence: a properties file, environment variables
 * ({@code STREAMTUNE_BOOTSTRAP_SERVERS} becomes {@code bootstrap.servers}) and explicit overrides such as
 * command-line flags. Typed configs validate the result.
 *
 * <p>Variable names follow the Apache Kafka container image's convention (KIP-975), so that every key can be
 * written: after the prefix, {@code _} stands for {@code .}, {@code __} for {@code _} and {@code ___} for
 * {@code -}, and letters are lower-cased ({@code STREAMTUNE_TASK_NEWS__EN_LABELS} sets {@code task.news_en.labels},
 * {@code STREAMTUNE_TASK_NEWS___EN_LABELS} sets {@code task.news-en.labels}).
 */
public final class ConfigLoader {

    /** Prefix of environment variables that are read as configuration. */
    public static final String ENV_PREFIX = "STREAMTUNE_";

    private ConfigLoader() {
    }

    /**
     * Merges the sources.
     *
     * @param file      properties file, or {@code null} for none
     * @param env       environment, usually {@code System.getenv()}
     * @param overrides highest-precedence values
     */
    public static Map<String, String> load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>();
        if (file != null) {
            merged.putAll(readFile(file));
        }
        merged.putAll(fromEnv(env));
        merged.putAll(overrides);
        return merged;
    }

    /**
     * Maps {@code STREAMTUNE_FOO_BAR=x} to {@code foo.bar=x} (see the class comment for {@code _} and {@code -});
     * other variables are ignored.
     *
     * @throws IllegalArgumentException for a run of more than three underscores, which stands for no key
     */
    public static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> result = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                result.put(envToKey(name), value);
            }
        });
        return result;
    }

    /**
     * The environment variable that sets {@code key}: {@code bootstrap.servers} → {@code STREAMTUNE_BOOTSTRAP_SERVERS},
     * {@code task.news_en.labels} → {@code STREAMTUNE_TASK_NEWS__EN_LABELS}. A key with upper-case letters has none.
     */
    public static String keyToEnv(String key) {
        return ENV_PREFIX + key.replace("_", "__").replace("-", "___").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    static String envToKey(String name) {
        String encoded = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        StringBuilder key = new StringBuilder(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            int run = 0;
            while (i + run < encoded.length() && encoded.charAt(i + run) == '_') {
                run++;
            }
            if (run == 0) {
                key.append(encoded.charAt(i++));
                continue;
            }
            key.append(switch (run) {
                case 1 -> '.';
                case 2 -> '_';
                case 3 -> '-';
                default -> throw new IllegalArgumentException("Environment variable " + name + " has " + run
                        + " underscores in a row: '_' stands for '.', '__' for '_' and '___' for '-'");
            });
            i += run;
        }
        return key.toString();
    }

    private static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> result = new HashMap<>();
        props.stringPropertyNames().forEach(name -> result.put(name, props.getProperty(name).trim()));
        return result;
    }
}
