package io.streamtune.evaluator.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads gate rules written the way {@link Threshold#describe()} prints them, so config, logs and evaluation
 * events use one notation:
 *
 * <pre>
 *   macro_f1 &gt;= 0.9                         value threshold
 *   macro_f1 &gt;= champion - 0.005            absolute change, higher is better (tolerates -0.005)
 *   log_loss &lt;= champion - 0.01             absolute change, lower is better (must drop by 0.01)
 *   accuracy &gt;= champion * (1 - 0.01)       relative change ('×' works too)
 * </pre>
 *
 * Rules in a list are separated by {@code ;}.
 */
public final class ThresholdParser {

    private static final String NUMBER = "([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";
    private static final Pattern VALUE = Pattern.compile("(\\w+)\\s*(>=|<=)\\s*" + NUMBER);
    private static final Pattern ABSOLUTE =
            Pattern.compile("(\\w+)\\s*(>=|<=)\\s*champion(?:\\s*([-+])\\s*" + NUMBER + ")?");
    private static final Pattern RELATIVE =
            Pattern.compile("(\\w+)\\s*(>=|<=)\\s*champion\\s*[*×]\\s*\\(\\s*1\\s*([-+])\\s*" + NUMBER + "\\s*\\)");

    private ThresholdParser() {
    }

    /** Parses a {@code ;}-separated list of rules; blank entries are skipped. */
    public static List<Threshold> parseAll(String rules) {
        List<Threshold> result = new ArrayList<>();
        for (String rule : rules.split(";")) {
            if (!rule.isBlank()) {
                result.add(parse(rule));
            }
        }
        return result;
    }

    /** Parses one rule, with an error that quotes it and shows the accepted forms. */
    public static Threshold parse(String rule) {
        String text = rule.trim();
        Matcher m = VALUE.matcher(text);
        if (m.matches()) {
            MetricName metric = metric(m.group(1), text);
            requireNaturalOperator(metric, m.group(2), text);
            return new ValueThreshold(metric, Double.parseDouble(m.group(3)));
        }
        m = RELATIVE.matcher(text);
        if (m.matches()) {
            return change(m, ChangeThreshold.Kind.RELATIVE, text);
        }
        m = ABSOLUTE.matcher(text);
        if (m.matches()) {
            return change(m, ChangeThreshold.Kind.ABSOLUTE, text);
        }
        throw new IllegalArgumentException("Cannot read gate rule '" + text + "'. Write it as 'macro_f1 >= 0.9', "
                + "'macro_f1 >= champion - 0.005' or 'log_loss <= champion * (1 - 0.05)'.");
    }

    private static Threshold change(Matcher m, ChangeThreshold.Kind kind, String text) {
        MetricName metric = metric(m.group(1), text);
        Direction direction = ">=".equals(m.group(2)) ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
        double amount = m.group(4) == null ? 0 : Double.parseDouble(m.group(4));
        double signed = "-".equals(m.group(3)) ? -amount : amount;
        // The written offset is in the metric's units; minChange counts improvement in the chosen direction.
        double minChange = direction == Direction.HIGHER_IS_BETTER ? signed : -signed;
        return new ChangeThreshold(metric, kind, minChange, direction);
    }

    private static MetricName metric(String name, String text) {
        try {
            return MetricName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("In gate rule '" + text + "': " + e.getMessage(), e);
        }
    }

    private static void requireNaturalOperator(MetricName metric, String operator, String text) {
        String expected = metric.naturalDirection() == Direction.HIGHER_IS_BETTER ? ">=" : "<=";
        if (!expected.equals(operator)) {
            throw new IllegalArgumentException("In gate rule '" + text + "': " + metric.key() + " is "
                    + (expected.equals(">=") ? "higher" : "lower") + "-is-better, so its bound is written with "
                    + expected);
        }
    }
}
