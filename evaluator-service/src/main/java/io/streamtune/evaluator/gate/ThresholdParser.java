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
 *   log_loss &lt; champion                      strictly better (a tie-breaker; macro_f1 &gt; champion likewise)
 *   macro_f1 not_worse_than champion by 0.005 at 0.95   paired bootstrap: not worse beyond 0.005, 95% confidence
 *   anchor_macro_f1 &gt;= champion - 0.01      any form on the anchor slice: champion is its anchor value
 * </pre>
 *
 * On an {@code anchor_} metric {@code champion} means the champion's value on the anchor slice;
 * {@code champion_anchor} is accepted there as a synonym. Rules in a list are separated by {@code ;}.
 */
public final class ThresholdParser {

    private static final String NUMBER = "([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";
    private static final Pattern VALUE = Pattern.compile("(\\w+)\\s*(>=|<=)\\s*" + NUMBER);
    /** {@code champion}, or {@code champion_anchor} (group 1 set) on an anchor metric. */
    private static final String CHAMPION = "champion(_anchor)?";
    private static final Pattern ABSOLUTE =
            Pattern.compile("(\\w+)\\s*(>=|<=)\\s*" + CHAMPION + "(?:\\s*([-+])\\s*" + NUMBER + ")?");
    private static final Pattern RELATIVE = Pattern.compile("(\\w+)\\s*(>=|<=)\\s*" + CHAMPION
            + "\\s*[*×]\\s*\\(\\s*1\\s*([-+])\\s*" + NUMBER + "\\s*\\)");
    private static final Pattern STRICT = Pattern.compile("(\\w+)\\s*([<>])\\s*" + CHAMPION);
    private static final Pattern PAIRED = Pattern.compile("(\\w+)\\s+not_worse_than\\s+" + CHAMPION
            + "\\s+by\\s+" + NUMBER + "\\s+at\\s+" + NUMBER);

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
        m = STRICT.matcher(text);
        if (m.matches()) {
            MetricName metric = championMetric(m.group(1), m.group(3), text);
            requireNaturalOperator(metric, m.group(2) + "=", text);
            return new StrictThreshold(metric);
        }
        m = PAIRED.matcher(text);
        if (m.matches()) {
            MetricName metric = championMetric(m.group(1), m.group(2), text);
            try {
                return new PairedThreshold(metric, Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("In gate rule '" + text + "': " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("Cannot read gate rule '" + text + "'. Write it as 'macro_f1 >= 0.9', "
                + "'macro_f1 >= champion - 0.005', 'log_loss <= champion * (1 - 0.05)', 'log_loss < champion', "
                + "'macro_f1 > champion' or 'macro_f1 not_worse_than champion by 0.005 at 0.95'; any of them on the "
                + "anchor slice with anchor_macro_f1, anchor_accuracy or anchor_log_loss.");
    }

    private static Threshold change(Matcher m, ChangeThreshold.Kind kind, String text) {
        MetricName metric = championMetric(m.group(1), m.group(3), text);
        Direction direction = ">=".equals(m.group(2)) ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
        double amount = m.group(5) == null ? 0 : Double.parseDouble(m.group(5));
        double signed = "-".equals(m.group(4)) ? -amount : amount;
        // The written offset is in the metric's units; minChange counts improvement in the chosen direction.
        double minChange = direction == Direction.HIGHER_IS_BETTER ? signed : -signed;
        return new ChangeThreshold(metric, kind, minChange, direction);
    }

    /** The metric of a rule against the champion; {@code champion_anchor} only on an anchor metric. */
    private static MetricName championMetric(String name, String anchorSuffix, String text) {
        MetricName metric = metric(name, text);
        if (anchorSuffix != null && !metric.anchor()) {
            throw new IllegalArgumentException("In gate rule '" + text + "': champion_anchor compares with the "
                    + "champion's anchor slice, so the rule's metric must be an anchor metric too (anchor_"
                    + metric.key() + "); write 'champion' to compare on the recent slice");
        }
        return metric;
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
