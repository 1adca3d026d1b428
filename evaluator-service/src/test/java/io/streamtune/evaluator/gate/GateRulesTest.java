package io.streamtune.evaluator.gate;

import static io.streamtune.evaluator.gate.Fixtures.predictions;
import static io.streamtune.evaluator.gate.Fixtures.range;
import static io.streamtune.evaluator.gate.Fixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.gate.GatePolicy.ChampionUnavailable;
import io.streamtune.evaluator.scoring.Scoring;
import org.junit.jupiter.api.Test;

/** Strict tie-breakers and rules on the anchor slice, through the gate. */
class GateRulesTest {

    @Test
    void shouldRequireAStrictlyLowerLogLoss() {
        Gate gate = gate("log_loss < champion");
        Scoring champion = scored("ckpt-1", predictions(100, 0.9));

        Decision tie = gate.decide(scored("ckpt-2", predictions(100, 0.9)), champion, 100);
        Decision lower = gate.decide(scored("ckpt-2", predictions(100, 0.91)), champion, 100);

        assertThat(tie.promoted()).isFalse();
        assertThat(tie.reason()).contains("log_loss 0.1054 not < champion 0.1054");
        assertThat(lower.promoted()).isTrue();
        assertThat(lower.reason()).contains("log_loss 0.0943 < champion 0.1054");
    }

    @Test
    void shouldShowAsManyDigitsAsItTakesToTellCloseValuesApart() {
        Decision d = decideOnRecent("log_loss < champion", 0.900001, 0.9);

        assertThat(d.promoted()).isTrue();
        assertThat(d.reason()).contains("log_loss 0.105359 < champion 0.105361");
    }

    @Test
    void shouldRequireAStrictlyHigherMacroF1() {
        Gate gate = gate("macro_f1 > champion");
        Scoring champion = scored("ckpt-1", predictions(100, 0.9, 0));

        assertThat(gate.decide(scored("ckpt-2", predictions(100, 0.9, 1)), champion, 100).reason())
                .contains("macro_f1 0.99 not > champion 0.99");
        assertThat(gate.decide(scored("ckpt-2", predictions(100, 0.9)), champion, 100).promoted()).isTrue();
    }

    @Test
    void shouldCompareAnAnchorRuleWithTheChampionsAnchorValue() {
        Gate gate = gate("macro_f1 >= champion; anchor_macro_f1 >= champion - 0.01");
        Scoring champion = scored("ckpt-1", predictions(100, 0.9, range(0, 10)), predictions(100, 0.9));
        Scoring candidate = scored("ckpt-2", predictions(100, 0.9), predictions(100, 0.9, range(0, 4)));

        Decision d = gate.decide(candidate, champion, 150);

        assertThat(d.promoted()).isFalse();
        assertThat(d.reason()).isEqualTo(
                "rejected against ckpt-1: anchor_macro_f1 0.96 < champion 1.0 - 0.01 = 0.99");
    }

    @Test
    void shouldReadAValueRuleOnTheAnchorSlice() {
        Gate gate = gate("anchor_accuracy >= 0.95");
        Scoring champion = scored("ckpt-1", predictions(100, 0.9), predictions(100, 0.9));

        Decision d = gate.decide(scored("ckpt-2", predictions(100, 0.9), predictions(100, 0.9, range(0, 10))),
                champion, 150);

        assertThat(d.reason()).contains("anchor_accuracy 0.9 < 0.95");
    }

    @Test
    void shouldSkipAnAnchorRuleWithTheReasonWhenTheAnchorSliceIsEmpty() {
        Decision d = decideOnRecent("macro_f1 >= champion; anchor_macro_f1 not_worse_than champion by 0.01 at 0.95",
                0.9, 0.9);

        assertThat(d.promoted()).isTrue();
        assertThat(d.checks().get(1).skipped()).isTrue();
        assertThat(d.reason()).contains("anchor_macro_f1 skipped: the anchor slice is empty");
    }

    @Test
    void shouldPromoteNothingWhenEveryRuleWasSkipped() {
        Decision d = decideOnRecent("anchor_macro_f1 >= champion", 0.9, 0.9);

        assertThat(d.promoted()).isFalse();
        assertThat(d.reason()).startsWith("no threshold could be checked").contains("anchor slice is empty");
    }

    @Test
    void shouldFailAnAnchorRuleWhenOnlyOneSideHasAnchorScores() {
        Gate gate = gate("anchor_macro_f1 >= champion");

        Decision d = gate.decide(scored("ckpt-2", predictions(100, 0.9), predictions(50, 0.9)),
                scored("ckpt-1", predictions(100, 0.9)), 100);

        assertThat(d.promoted()).isFalse();
        assertThat(d.reason()).contains("anchor_macro_f1 cannot be checked: the champion has no anchor scores");
    }

    /** Both models right on all of 100 recent examples, with these confidences; no anchor slice. */
    private static Decision decideOnRecent(String rules, double candidateConfidence, double championConfidence) {
        return gate(rules).decide(scored("ckpt-2", predictions(100, candidateConfidence)),
                scored("ckpt-1", predictions(100, championConfidence)), 100);
    }

    private static Gate gate(String rules) {
        return new Gate(new GatePolicy(ThresholdParser.parseAll(rules), 10, ChampionUnavailable.REJECT));
    }
}
