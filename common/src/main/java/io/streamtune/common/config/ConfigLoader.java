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

    /** Maps {@code STREAMTUNE_FOO_BAR=x} to {@code foo.bar=x}; other variables are ignored. */
    public static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> result = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                result.put(envToKey(name), value);
            }
        });
        return result;
    }

    /** The environment variable that sets {@code key}: {@code bootstrap.servers} → {@code STREAMTUNE_BOOTSTRAP_SERVERS}. */
    public static String keyToEnv(String key) {
        return ENV_PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    static String envToKey(String name) {
        return name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
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
