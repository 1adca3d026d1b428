package io.streamtune.launcher.demo.report;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The report's HTML building blocks: escaping, number formats and tables, shared by its cards and sections. */
final class Html {

    static final String MISSING = "–";

    private Html() {}

    /** A table whose cells are already HTML (escaped where they hold data). */
    static <T> void table(StringBuilder html, String cssClass, List<String> headings, List<T> rows,
            Function<T, List<String>> cells) {
        html.append("<table class=\"").append(cssClass).append("\">\n<thead><tr>");
        headings.forEach(heading -> html.append("<th scope=\"col\">").append(escape(heading)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (T row : rows) {
            html.append("<tr>");
            cells.apply(row).forEach(cell -> html.append("<td>").append(cell).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    static void countRow(StringBuilder html, String label, long count) {
        row(html, label, String.valueOf(count));
    }

    /** A labelled figure; the value is already HTML. */
    static void row(StringBuilder html, String label, String value) {
        html.append("<tr><th scope=\"row\">").append(escape(label)).append("</th><td class=\"num\">").append(value)
                .append("</td></tr>\n");
    }

    /** Escapes text for HTML element content and double-quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String code(String identifier) {
        return "<code>" + escape(identifier) + "</code>";
    }

    static String metric(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : MISSING;
    }

    /** A change of a metric with its sign, e.g. {@code +0.012}. */
    static String change(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%+.3f", value) : MISSING;
    }

    static String seconds(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f s", value) : MISSING;
    }

    /** Seconds since the start as m:ss, the same form as the plots' time axes. */
    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return MISSING;
        }
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }
}
