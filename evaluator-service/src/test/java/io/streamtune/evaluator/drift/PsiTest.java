package io.streamtune.evaluator.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PsiTest {

    private static Distribution counts(long... counts) {
        return new Distribution(List.of("ham", "spam", "phish").subList(0, counts.length), counts);
    }

    @Test
    void shouldBeZeroForIdenticalShares() {
        assertThat(Psi.of(counts(30, 70), counts(300, 700))).isEqualTo(0.0);
        assertThat(Psi.of(counts(5, 0, 5), counts(50, 0, 50))).as("a bin empty on both sides counts nothing")
                .isEqualTo(0.0);
    }

    @Test
    void shouldMatchAValueComputedByHand() {
        // (0.5 - 0.25) ln(0.5 / 0.25) + (0.5 - 0.75) ln(0.5 / 0.75) = 0.173287 + 0.101366
        assertThat(Psi.of(counts(50, 50), counts(25, 75))).isCloseTo(0.274653, within(1e-6));
        assertThat(Psi.maxShareChange(counts(50, 50), counts(25, 75))).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void shouldCountAnEmptyBinAsEpsilon() {
        // (1 - 0.5) ln(1 / 0.5) + (1e-4 - 0.5) ln(1e-4 / 0.5) = 0.346574 + 4.257745
        assertThat(Psi.of(counts(100, 0), counts(50, 50))).isCloseTo(4.604318, within(1e-6));
    }

    @Test
    void shouldBeSymmetricInItsArguments() {
        assertThat(Psi.of(counts(10, 30, 60), counts(20, 20, 60)))
                .isCloseTo(Psi.of(counts(20, 20, 60), counts(10, 30, 60)), within(1e-12));
    }

    @Test
    void shouldRefuseDifferentBinsOrNoObservations() {
        assertThatThrownBy(() -> Psi.of(counts(1, 1), counts(1, 1, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bins differ");
        assertThatThrownBy(() -> Psi.of(counts(0, 0), counts(1, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observations on both sides");
    }
}
