package io.streamtune.evaluator.drift;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The evaluator's {@code drift.*} keys: defined into its {@code ConfigDef}, read into {@link DriftSettings}. */
public final class DriftConfig {

    public static final String WINDOW_SIZE_CONFIG = "drift.window.size";
    public static final String MIN_EXAMPLES_CONFIG = "drift.min.examples";
    public static final String PSI_WATCH_CONFIG = "drift.psi.watch";
    public static final String PSI_DRIFT_CONFIG = "drift.psi.drift";
    public static final String CONFIDENCE_BINS_CONFIG = "drift.confidence.bins";

    private DriftConfig() {
    }

    /** Adds the drift keys to {@code config}. */
    public static ConfigDef define(ConfigDef config) {
        return config
                .define(WINDOW_SIZE_CONFIG, Type.INT, DriftSettings.DEFAULT_WINDOW_SIZE, Range.atLeast(1),
                        Importance.LOW, "Drift signals compare a task's newest this many validation examples (the "
                                + "window) with the ones before them: every earlier label for the label signal, "
                                + "the other examples held for the champion's confidence.")
                .define(MIN_EXAMPLES_CONFIG, Type.INT, DriftSettings.DEFAULT_MIN_EXAMPLES, Range.atLeast(1),
                        Importance.LOW, "A drift signal is computed only when its window and its reference each "
                                + "hold this many examples; at most " + WINDOW_SIZE_CONFIG + ".")
                .define(PSI_WATCH_CONFIG, Type.DOUBLE, DriftSettings.DEFAULT_WATCH_PSI, Range.atLeast(0.001),
                        Importance.LOW, "Population stability index at or above which a drift signal is WATCH.")
                .define(PSI_DRIFT_CONFIG, Type.DOUBLE, DriftSettings.DEFAULT_DRIFT_PSI, Range.atLeast(0.001),
                        Importance.LOW, "Population stability index at or above which a drift signal is DRIFT; "
                                + "at least " + PSI_WATCH_CONFIG + ".")
                .define(CONFIDENCE_BINS_CONFIG, Type.INT, DriftSettings.DEFAULT_CONFIDENCE_BINS,
                        Range.between(2, 100), Importance.LOW, "Equal-width bins of the champion's confidence (its "
                                + "highest class probability) from 1/classes to 1, for the confidence signal.");
    }

    /** The settings {@code config} holds; throws {@link ConfigException} naming the key that contradicts another. */
    public static DriftSettings settings(AbstractConfig config) {
        int window = config.getInt(WINDOW_SIZE_CONFIG);
        int min = config.getInt(MIN_EXAMPLES_CONFIG);
        if (min > window) {
            throw new ConfigException(MIN_EXAMPLES_CONFIG, min, "must not exceed " + WINDOW_SIZE_CONFIG + " ("
                    + window + "), or no drift signal is ever computed");
        }
        double watch = config.getDouble(PSI_WATCH_CONFIG);
        double drift = config.getDouble(PSI_DRIFT_CONFIG);
        if (drift < watch) {
            throw new ConfigException(PSI_DRIFT_CONFIG, drift, "must be at least " + PSI_WATCH_CONFIG + " ("
                    + watch + ")");
        }
        return new DriftSettings(window, min, watch, drift, config.getInt(CONFIDENCE_BINS_CONFIG));
    }
}
