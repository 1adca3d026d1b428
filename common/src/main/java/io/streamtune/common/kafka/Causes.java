package io.streamtune.common.kafka;

import java.util.function.Predicate;

/** Questions about an exception's cause chain, which Kafka clients wrap several levels deep. */
public final class Causes {

    private Causes() {
    }

    /** Whether {@code error} or any of its causes matches {@code test}; stops at a self-referencing cause. */
    public static boolean any(Throwable error, Predicate<Throwable> test) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }
}
