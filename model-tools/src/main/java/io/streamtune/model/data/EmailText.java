package io.streamtune.model.data;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reduces a raw RFC 822 email to what a reader sees: the subject line and the body. Routing headers (Received,
 * Message-ID, addresses) would let a model learn the mail servers of the corpus instead of the content. HTML
 * tags are dropped and whitespace collapsed; MIME parts and encodings are kept as they are.
 */
public final class EmailText {

    private static final Pattern TAGS = Pattern.compile("<[^>]{0,2000}>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private EmailText() {}

    public static String subjectAndBody(String raw) {
        String normalized = raw.replace("\r\n", "\n");
        int split = normalized.indexOf("\n\n");
        String headers = split < 0 ? normalized : normalized.substring(0, split);
        String body = split < 0 ? "" : normalized.substring(split + 2);
        String subject = subject(headers);
        String text = (subject.isEmpty() ? "" : subject + "\n") + TAGS.matcher(body).replaceAll(" ");
        return SPACE.matcher(text).replaceAll(" ").trim();
    }

    /** The Subject header, unfolded (continuation lines start with whitespace). */
    static String subject(String headers) {
        StringBuilder subject = null;
        for (String line : headers.split("\n")) {
            if (subject != null) {
                if (!line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
                    subject.append(' ').append(line.trim());
                    continue;
                }
                break;
            }
            if (line.toLowerCase(Locale.ROOT).startsWith("subject:")) {
                subject = new StringBuilder(line.substring("subject:".length()).trim());
            }
        }
        return subject == null ? "" : subject.toString();
    }
}
