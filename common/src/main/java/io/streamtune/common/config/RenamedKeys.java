package io.streamtune.common.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Config keys that were renamed: the old name still works, with a deprecation warning, until it is removed. */
public final class RenamedKeys {

    private static final Logger LOG = LoggerFactory.getLogger(RenamedKeys.class);

    private RenamedKeys() {
    }

    /**
     * {@code originals} with the value of {@code oldKey} under {@code newKey}. Both set to different values is
     * refused: which one the operator meant cannot be told.
     */
    public static Map<String, Object> renamed(Map<String, ?> originals, String oldKey, String newKey) {
        Map<String, Object> result = new HashMap<>(originals);
        if (!result.containsKey(oldKey)) {
            return result;
        }
        Object old = result.remove(oldKey);
        Object current = result.get(newKey);
        if (current != null && !Objects.equals(String.valueOf(current).trim(), String.valueOf(old).trim())) {
            throw new ConfigException(oldKey, old, "is the deprecated name of " + newKey + ", which is set to '"
                    + current + "': set only " + newKey);
        }
        LOG.warn("Config key {} is deprecated and will be removed: use {} ({} with the environment)", oldKey, newKey,
                ConfigLoader.keyToEnv(newKey));
        result.put(newKey, old);
        return result;
    }
}
