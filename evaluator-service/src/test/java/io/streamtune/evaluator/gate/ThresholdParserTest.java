package io.streamtune.evaluator.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.evaluator.gate.ChangeThreshold.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdParserTest {

    @Test
    void shouldReadAValueThreshold() {
        assertThat(ThresholdParser.parse("macro_f1 >= 0.9")).isEqualTo(new ValueThreshold(MetricName.MACRO_F1, 0.9));
    }

    @Test
    void shouldReadAnAbsoluteToleranceOnAHigherIsBetterMetric() {
        assertThat(ThresholdParser.parse("macro_f1 >= champion - 0.005")).isEqualTo(
                new ChangeThreshold(MetricName.MACRO_F1, Kind.ABSOLUTE, -0.005, Direction.HIGHER_IS_BETTER));
    }

    @Test
    void shouldReadARequiredDropOnALowerIsBetterMetric() {
        assertThat(ThresholdParser.parse("log_loss <= champion - 0.01")).isEqualTo(
                new ChangeThreshold(MetricName.LOG_LOSS, Kind.ABSOLUTE, 0.01, Direction.LOWER_IS_BETTER));
    }

    @Test
    void shouldReadARelativeChangeWithEitherMultiplicationSign() {
        ChangeThreshold expected =
                new ChangeThreshold(MetricName.ACCURACY, Kind.RELATIVE, -0.01, Direction.HIGHER_IS_BETTER);

        assertThat(ThresholdParser.parse("accuracy >= champion * (1 - 0.01)")).isEqualTo(expected);
        assertThat(ThresholdParser.parse("accuracy >= champion × (1 - 0.01)")).isEqualTo(expected);
    }

    @Test
    void shouldReadNoWorseThanChampion() {
        assertThat(ThresholdParser.parse("accuracy >= champion")).isEqualTo(
                new ChangeThreshold(MetricName.ACCURACY, Kind.ABSOLUTE, 0, Direction.HIGHER_IS_BETTER));
    }

    @Test
    void shouldReadAPairedRule() {
        assertThat(ThresholdParser.parse("macro_f1 not_worse_than champion by 0.005 at 0.95"))
                .isEqualTo(new PairedThreshold(MetricName.MACRO_F1, 0.005, 0.95));
        assertThat(ThresholdParser.parse("  log_loss  not_worse_than  champion by 0.01 at 0.9 "))
                .isEqualTo(new PairedThreshold(MetricName.LOG_LOSS, 0.01, 0.9));
    }

    @Test
    void shouldReadStrictComparisonsInTheMetricsDirection() {
        assertThat(ThresholdParser.parse("log_loss < champion")).isEqualTo(new StrictThreshold(MetricName.LOG_LOSS));
        assertThat(ThresholdParser.parse("macro_f1 > champion")).isEqualTo(new StrictThreshold(MetricName.MACRO_F1));
        assertThatThrownBy(() -> ThresholdParser.parse("macro_f1 < champion"))
                .hasMessageContaining("macro_f1 is higher-is-better");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "anchor_macro_f1 >= champion_anchor - 0.01 | anchor_macro_f1 >= champion - 0.01",
        "anchor_log_loss < champion_anchor | anchor_log_loss < champion",
        "anchor_accuracy not_worse_than champion_anchor by 0.01 at 0.95 "
                + "| anchor_accuracy not_worse_than champion by 0.01 at 0.95",
        "anchor_accuracy >= 0.9 | anchor_accuracy >= 0.9"})
    void shouldReadAnchorRulesWithChampionAnchorAsASynonymOfChampion(String written, String described) {
        Threshold rule = ThresholdParser.parse(written);

        assertThat(rule.metric().anchor()).isTrue();
        assertThat(rule.describe()).isEqualTo(described);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "macro_f1 >= champion_anchor | the rule's metric must be an anchor metric too (anchor_macro_f1)",
        "macro_f1 not_worse_than champion by 0.005 at 95 | confidence must be between 0 and 1"})
    void shouldRefuseARuleThatReadsButCannotMeanAnything(String rule, String why) {
        assertThatThrownBy(() -> ThresholdParser.parse(rule)).hasMessageContaining("'" + rule + "'")
                .hasMessageContaining(why);
    }

    @Test
    void shouldListEveryFormWhenARuleCannotBeRead() {
        assertThatThrownBy(() -> ThresholdParser.parse("macro_f1 beats champion"))
                .hasMessageContaining("'log_loss < champion'")
                .hasMessageContaining("'macro_f1 > champion'")
                .hasMessageContaining("'macro_f1 not_worse_than champion by 0.005 at 0.95'")
                .hasMessageContaining("anchor_macro_f1");
    }

    @Test
    void shouldReadBackWhatDescribePrints() {
        List<Threshold> rules = List.of(
                new ValueThreshold(MetricName.LOG_LOSS, 0.35),
                new ChangeThreshold(MetricName.MACRO_F1, Kind.ABSOLUTE, 0.002, Direction.HIGHER_IS_BETTER),
                new ChangeThreshold(MetricName.LOG_LOSS, Kind.RELATIVE, 0.05, Direction.LOWER_IS_BETTER),
                new StrictThreshold(MetricName.LOG_LOSS),
                new StrictThreshold(MetricName.ANCHOR_MACRO_F1),
                new PairedThreshold(MetricName.ACCURACY, 0.005, 0.95),
                new PairedThreshold(MetricName.ANCHOR_MACRO_F1, 0, 0.975),
                new ChangeThreshold(MetricName.ANCHOR_LOG_LOSS, Kind.RELATIVE, -0.1, Direction.LOWER_IS_BETTER),
                new ValueThreshold(MetricName.ANCHOR_MACRO_F1, 0.8));

        for (Threshold rule : rules) {
            assertThat(ThresholdParser.parse(rule.describe())).as(rule.describe()).isEqualTo(rule);
        }
    }

    @Test
    void shouldReadASemicolonSeparatedList() {
        assertThat(ThresholdParser.parseAll("macro_f1 >= 0.8; ; macro_f1 >= champion - 0.005")).hasSize(2);
    }

    @Test
    void shouldRefuseAValueBoundAgainstTheMetricsDirection() {
        assertThatThrownBy(() -> ThresholdParser.parse("log_loss >= 0.4"))
                .hasMessageContaining("log_loss is lower-is-better")
                .hasMessageContaining("<=");
    }

    @Test
    void shouldNameTheUnknownMetric() {
        assertThatThrownBy(() -> ThresholdParser.parse("auc >= 0.9"))
                .hasMessageContaining("'auc >= 0.9'")
                .hasMessageContaining("Unknown metric 'auc'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"macro_f1 > 0.9", "macro_f1 >= best", "macro_f1", "champion >= macro_f1"})
    void shouldExplainTheAcceptedFormsForUnreadableRules(String rule) {
        assertThatThrownBy(() -> ThresholdParser.parse(rule))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot read gate rule");
    }
}
