package io.streamtune.evaluator.drift;

import java.util.Objects;

/**
 * One drift signal of one task at one moment: the window's distribution against its reference.
 *
 * @param kind           what is compared
 * @param psi            population stability index of {@code window} against {@code reference} ({@link Psi})
 * @param maxShareChange the largest absolute change of one bin's share (e.g. 0.3: a label went from 20% to 50%)
 * @param level          {@code psi} against the thresholds
 * @param window         the newest examples' distribution
 * @param reference      the distribution it is compared with
 */
public record DriftSignal(DriftSignalKind kind, double psi, double maxShareChange, DriftLevel level,
        Distribution window, Distribution reference) {

    public DriftSignal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(reference, "reference");
    }

    /** Compares {@code window} with {@code reference} and grades the PSI by {@code settings}. */
    public static DriftSignal compare(DriftSignalKind kind, Distribution window, Distribution reference,
            DriftSettings settings) {
        double psi = Psi.of(window, reference);
        return new DriftSignal(kind, psi, Psi.maxShareChange(window, reference), settings.level(psi), window,
                reference);
    }
}
