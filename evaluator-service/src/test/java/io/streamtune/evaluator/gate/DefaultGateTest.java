package io.streamtune.evaluator.gate;

import static io.streamtune.evaluator.gate.Fixtures.predictions;
import static io.streamtune.evaluator.gate.Fixtures.range;
import static io.streamtune.evaluator.gate.Fixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.evaluator.gate.GatePolicy.ChampionUnavailable;
import io.streamtune.evaluator.scoring.Scoring;
import org.junit.jupiter.api.Test;

/** The evaluator's default gate on the cases issue 19 names: perfect ties, a few emails, forgetting, counts. */
class DefaultGateTest {

    private static final Gate DEFAULT = new Gate(new GatePolicy(
            ThresholdParser.parseAll(EvaluatorConfig.DEFAULT_GATE_RULES), 100, ChampionUnavailable.REJECT));

    @Test
    void shouldPromoteATieAtAPerfectScoreOnALowerLogLoss() {
        Scoring champion = scored("ckpt-1", predictions(400, 0.9), predictions(100, 0.9));
        Scoring candidate = scored("ckpt-2", predictions(400, 0.95), predictions(100, 0.95));

        Decision d = DEFAULT.decide(candidate, champion, 400);

        assertThat(d.promoted()).as(d.reason()).isTrue();
        assertThat(d.reason()).contains("macro_f1 1.0 vs champion 1.0", "log_loss 0.0513 < champion 0.1054");
    }

    @Test
    void shouldRejectATieAtAPerfectScoreOnAHigherLogLossWithAReadableReason() {
        Scoring champion = scored("ckpt-1", predictions(400, 0.9), predictions(100, 0.9));
        Scoring candidate = scored("ckpt-2", predictions(400, 0.85), predictions(100, 0.85));

        Decision d = DEFAULT.decide(candidate, champion, 400);

        assertThat(d.promoted()).isFalse();
        assertThat(d.code()).isEqualTo(Decision.Code.THRESHOLD_FAILED);
        assertThat(d.reason()).isEqualTo("rejected against ckpt-1: log_loss 0.1625 not < champion 0.1054");
    }

    @Test
    void shouldNotPromoteOnOneEmailAloneWhenTheLogLossDidNotImprove() {
        Scoring champion = scored("ckpt-1", predictions(200, 0.9, 0, 1), predictions(100, 0.9, 0, 1));
        Scoring candidate = scored("ckpt-2", predictions(200, 0.8, 0), predictions(100, 0.8, 0));

        Decision d = DEFAULT.decide(candidate, champion, 200);

        assertThat(d.promoted()).isFalse();
        assertThat(d.checks()).extracting(Threshold.Check::passed).containsExactly(true, false, true);
    }

    @Test
    void shouldRejectACandidateThatForgotTheAnchorSlice() {
        Scoring champion = scored("ckpt-1", predictions(400, 0.9), predictions(200, 0.9));
        Scoring candidate = scored("ckpt-2", predictions(400, 0.95), predictions(200, 0.95, range(0, 20)));

        Decision d = DEFAULT.decide(candidate, champion, 500);

        assertThat(d.promoted()).isFalse();
        assertThat(d.reason()).startsWith("rejected against ckpt-1: anchor_macro_f1 0.9 vs champion 1.0")
                .contains("(n=200 paired examples, 20 disagreements)");
    }

    @Test
    void shouldStateTheTrueCountsAndHowManyMoreAreNeeded() {
        Scoring tooFew = scored("ckpt-2", predictions(37, 0.9), predictions(37, 0.9));

        Decision d = DEFAULT.decide(tooFew, scored("ckpt-1", predictions(37, 0.9)), 37);

        assertThat(d.code()).isEqualTo(Decision.Code.TOO_FEW_VALIDATION_EXAMPLES);
        assertThat(d.reason()).isEqualTo("validation set has 37 examples (recent 37, anchor 37), fewer than the "
                + "100 required before any promotion: 63 more needed");
    }
}
