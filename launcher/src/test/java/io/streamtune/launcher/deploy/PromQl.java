package io.streamtune.launcher.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the metric names a PromQL expression reads: what is left once strings, matchers and clauses are gone. */
final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** An identifier that is not part of a number or duration and not a function's name. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private PromQl() {
    }

    static Set<String> metricNames(String expression) {
        String rest = STRING.matcher(expression).replaceAll("\"\"");
        rest = MATCHERS.matcher(rest).replaceAll("");
        rest = RANGES.matcher(rest).replaceAll("");
        rest = LABEL_LISTS.matcher(rest).replaceAll("");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group(1))) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }

    /** The metric of a Grafana {@code label_values(metric, label)} variable query. */
    static Set<String> variableMetricNames(String query) {
        Set<String> names = new TreeSet<>();
        Matcher metric = LABEL_VALUES.matcher(query);
        while (metric.find()) {
            names.add(metric.group(1));
        }
        return names;
    }
}
