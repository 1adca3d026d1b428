package io.streamtune.common.config;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;

/** What typed configs print in {@code toString()} and logs: set keys, sorted, secrets as {@code [hidden]}. */
public final class ConfigDescriptions {

    private ConfigDescriptions() {
    }

    /**
     * The keys of {@code config} that have a value, sorted; {@code Password} values print as {@code [hidden]}.
     * The map is mutable so that a caller can mask more (a URL with credentials, say).
     */
    public static Map<String, Object> shownValues(AbstractConfig config) {
        Map<String, Object> shown = new TreeMap<>();
        config.values().forEach((key, value) -> {
            if (value != null) {
                shown.put(key, value);
            }
        });
        return shown;
    }
}
