package io.streamtune.serving.champion;

import io.streamtune.serving.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scorer whose every row names its version: P(ham) = version / 1000. It counts what must never happen: a call on a
 * closed scorer, a close while a call runs, a second close.
 */
class FakeScorer implements Scorer {

    private final int version;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private final AtomicInteger violations = new AtomicInteger();

    FakeScorer(int version) {
        this.version = version;
    }

    /** The version a row of probabilities came from. */
    static int versionOf(double hamProbability) {
        return (int) Math.round(hamProbability * 1000);
    }

    @Override
    public List<String> labels() {
        return List.of("ham", "spam");
    }

    @Override
    public List<float[]> probabilities(List<String> texts) {
        inFlight.incrementAndGet();
        try {
            List<float[]> rows = new ArrayList<>();
            for (String text : texts) {
                if (closes.get() > 0) {
                    violations.incrementAndGet();
                }
                float ham = version / 1000f;
                rows.add(new float[] {ham, 1 - ham});
                Thread.yield(); // widen the window in which a swap could close this model under the call
            }
            return rows;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        int closed = closes.incrementAndGet();
        if (closed > 1 || inFlight.get() > 0) {
            violations.incrementAndGet();
        }
    }

    int version() {
        return version;
    }

    boolean closed() {
        return closes.get() > 0;
    }

    /** Calls on a closed model, closes during a call, repeated closes. */
    int violations() {
        return violations.get();
    }
}
