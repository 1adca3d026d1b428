package io.streamtune.ingest;

import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.Split;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Decides which data set an accepted example goes to: its explicit {@code split} when set, otherwise a hash of
 * task and id compared with the task's validation fraction. The hash (Kafka's murmur2 over UTF-8) is the same on
 * every JVM and every run, so a replayed or re-sent example always lands on the same side.
 */
public final class Splitter {

    private Splitter() {
    }

    /** The split for {@code example}, whose task has {@code validationFraction}. */
    public static Split split(LabeledExample example, double validationFraction) {
        if (example.getSplit() != null) {
            return example.getSplit();
        }
        return bucket(example.getTask(), example.getId()) < validationFraction ? Split.VALIDATION : Split.TRAIN;
    }

    /** A value in [0, 1) fixed by task and id. */
    static double bucket(String task, String id) {
        byte[] bytes = (task + '\u0000' + id).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(bytes)) / (Integer.MAX_VALUE + 1.0);
    }
}
