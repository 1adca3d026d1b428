package io.streamtune.model.train;

import java.util.Arrays;
import java.util.Locale;

/** Which parameters fine-tuning updates; the rest stay bit-identical. */
public enum TrainingMode {
    /** Every parameter of the encoder and the head. */
    FULL("full"),
    /** The head only: the encoder is a frozen feature extractor. */
    FEATURE_EXTRACTION("feature-extraction"),
    /** The head and the last {@code k} transformer layers. */
    TOP_K("top-k");

    private final String id;

    TrainingMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static TrainingMode parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(m -> m.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown training mode '" + value
                        + "', expected one of full, feature-extraction, top-k"));
    }

    @Override
    public String toString() {
        return id;
    }
}
