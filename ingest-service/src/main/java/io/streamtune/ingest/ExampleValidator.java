package io.streamtune.ingest;

import io.streamtune.schemas.LabeledExample;
import java.time.Instant;
import java.util.List;

/**
 * The validation rules of the ingest service, as a pure function of one example and its record timestamp. Rules
 * are checked in a fixed order and the first broken one is reported, so a record always gets the same code.
 */
public final class ExampleValidator {

    /** Longest value quoted in a reason text, so one bad record cannot blow up the dead-letter topic. */
    private static final int QUOTE_CHARS = 80;
    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    private final LiveTaskRules tasks;
    private final long futureToleranceMs;
    private final long maxAgeMs;

    /**
     * @param tasks             the tasks known now; says why an unknown one is unknown
     * @param futureToleranceMs how far the event time may lie after the record timestamp
     * @param maxAgeMs          how far the event time may lie before the record timestamp
     */
    public ExampleValidator(LiveTaskRules tasks, long futureToleranceMs, long maxAgeMs) {
        this.tasks = tasks;
        this.futureToleranceMs = futureToleranceMs;
        this.maxAgeMs = maxAgeMs;
    }

    /**
     * Checks every rule.
     *
     * @param example         decoded example
     * @param task            the rules of the example's task, looked up once by the caller (which splits by them
     *                        too); null when the task is unknown
     * @param recordTimestamp timestamp of the Kafka record that carried it
     * @param nowMs           wall-clock time, to tell a wrong record timestamp from a wrong event time
     * @param rawValue        the record value the example was decoded from, to tell bad bytes from a replacement
     *                        character the producer really sent
     * @return the first broken rule, or {@code null} when the example is valid
     */
    public ExampleRejection validate(LabeledExample example, TaskRules task, long recordTimestamp, long nowMs,
                                     byte[] rawValue) {
        String id = example.getId();
        if (id == null) {
            return new ExampleRejection(ReasonCode.MISSING_ID, "id is missing");
        }
        if (id.isBlank()) {
            return new ExampleRejection(ReasonCode.BLANK_ID, "id is blank");
        }
        String taskName = example.getTask();
        if (taskName == null) {
            return new ExampleRejection(ReasonCode.MISSING_TASK, "task is missing");
        }
        if (task == null) {
            return new ExampleRejection(ReasonCode.UNKNOWN_TASK, tasks.whyUnknown(quote(taskName), taskName));
        }
        ExampleRejection rejection = checkText(example.getText(), task, rawValue);
        if (rejection == null) {
            rejection = checkLabel(example.getLabel(), task);
        }
        if (rejection == null) {
            rejection = checkFeatures(example.getFeatures(), task);
        }
        return rejection != null ? rejection : checkEventTime(example.getEventTime(), recordTimestamp, nowMs);
    }

    private ExampleRejection checkEventTime(Instant eventTime, long recordTimestamp, long nowMs) {
        long aheadMs = eventTime.toEpochMilli() - recordTimestamp;
        Instant timestamp = Instant.ofEpochMilli(recordTimestamp);
        if (aheadMs > futureToleranceMs) {
            // The event time is only "in the future" when the record timestamp is plausible; a timestamp far
            // behind the wall clock (e.g. 0, 1970) is the producer's mistake, and the text must say so.
            boolean timestampTooOld = nowMs - recordTimestamp > maxAgeMs;
            return new ExampleRejection(ReasonCode.EVENT_TIME_IN_FUTURE, timestampTooOld
                    ? "record timestamp " + timestamp + " is " + human(nowMs - recordTimestamp)
                            + " before the wall clock (more than " + IngestConfig.EVENT_TIME_MAX_AGE_MS_CONFIG + "="
                            + maxAgeMs + "), so the producer set it wrong; eventTime " + eventTime + " lies "
                            + human(aheadMs) + " after it"
                    : "eventTime " + eventTime + " is " + human(aheadMs) + " after the record timestamp "
                            + timestamp + " (" + IngestConfig.FUTURE_TOLERANCE_MS_CONFIG + "=" + futureToleranceMs
                            + ")");
        }
        if (-aheadMs > maxAgeMs) {
            return new ExampleRejection(ReasonCode.EVENT_TIME_TOO_OLD, "eventTime " + eventTime + " is "
                    + human(-aheadMs) + " before the record timestamp " + timestamp + " ("
                    + IngestConfig.EVENT_TIME_MAX_AGE_MS_CONFIG + "=" + maxAgeMs + ")");
        }
        return null;
    }

    private static ExampleRejection checkText(String text, TaskRules task, byte[] rawValue) {
        if (text == null) {
            return new ExampleRejection(ReasonCode.MISSING_TEXT, "text is missing");
        }
        if (isInvisible(text)) {
            return new ExampleRejection(ReasonCode.BLANK_TEXT, text.isBlank() ? "text is blank"
                    : "text holds only invisible characters (whitespace or format characters such as U+00A0, "
                            + "U+200B, U+FEFF)");
        }
        int badAt = firstInvalidUtf8(text, rawValue);
        if (badAt >= 0) {
            return new ExampleRejection(ReasonCode.INVALID_UTF8_TEXT, "text has a replacement character or unpaired "
                    + "surrogate at index " + badAt + ", i.e. its bytes were not valid UTF-8");
        }
        int length = text.codePointCount(0, text.length());
        if (length > task.maxTextChars()) {
            return new ExampleRejection(ReasonCode.TEXT_TOO_LONG, "text has " + length + " characters; task '"
                    + task.name() + "' accepts at most " + task.maxTextChars());
        }
        return null;
    }

    /**
     * Whether no character of {@code text} shows: each is whitespace, a space separator (U+00A0 and the like),
     * a format character (U+200B, U+FEFF, ...) or a control character.
     */
    static boolean isInvisible(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.CONTROL);
    }

    private static ExampleRejection checkLabel(String label, TaskRules task) {
        if (label == null) {
            return new ExampleRejection(ReasonCode.MISSING_LABEL, "label is missing");
        }
        if (!task.labels().contains(label)) {
            return new ExampleRejection(ReasonCode.UNKNOWN_LABEL, "label '" + quote(label) + "' is not one of "
                    + task.labels() + " of task '" + task.name() + "'");
        }
        return null;
    }

    private static ExampleRejection checkFeatures(List<Double> features, TaskRules task) {
        if (features == null || (features.isEmpty() && task.featureDimension() == 0)) {
            return null;
        }
        if (features.size() != task.featureDimension()) {
            return new ExampleRejection(ReasonCode.FEATURES_WRONG_DIMENSION, "features have " + features.size()
                    + " values; task '" + task.name() + "' takes " + task.featureDimension());
        }
        for (int i = 0; i < features.size(); i++) {
            double value = features.get(i);
            if (Double.isNaN(value)) {
                return new ExampleRejection(ReasonCode.FEATURE_NAN, "feature " + i + " is NaN");
            }
            if (Double.isInfinite(value)) {
                return new ExampleRejection(ReasonCode.FEATURE_INFINITE, "feature " + i + " is " + value);
            }
        }
        return null;
    }

    /**
     * Avro decodes malformed UTF-8 into U+FFFD replacement characters, so that character is the trace bad bytes
     * leave — but it is also a valid character that real text carries (a tenth of the SpamAssassin emails do, from
     * their own earlier decoding). So a U+FFFD counts as bad bytes only when the text holds more of them than the
     * record's bytes hold encoded replacement characters ({@code EF BF BD}). An unpaired surrogate cannot be
     * encoded as UTF-8 at all; text decoded from bytes never holds one (the decoder turns encoded surrogates into
     * U+FFFD), so only text that did not come from bytes is scanned for them.
     *
     * @param rawValue the record value the text was decoded from; null counts every U+FFFD as bad bytes
     * @return index of the first offending char, or -1
     */
    static int firstInvalidUtf8(String text, byte[] rawValue) {
        int firstReplacement = text.indexOf('\uFFFD');
        if (firstReplacement >= 0 && text.chars().filter(c -> c == '\uFFFD').count() > encodedReplacements(rawValue)) {
            return firstReplacement;
        }
        return rawValue == null ? firstUnpairedSurrogate(text) : -1;
    }

    private static int firstUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** A span for people: whole days when it is days long. */
    private static String human(long ms) {
        long days = ms / DAY_MS;
        return days >= 2 ? days + " days" : ms + " ms";
    }

    private static String quote(String value) {
        return value.length() <= QUOTE_CHARS ? value : value.substring(0, QUOTE_CHARS) + "…";
    }

    private static long encodedReplacements(byte[] raw) {
        if (raw == null) {
            return 0;
        }
        long count = 0;
        for (int i = 0; i + 2 < raw.length; i++) {
            if (raw[i] == (byte) 0xEF && raw[i + 1] == (byte) 0xBF && raw[i + 2] == (byte) 0xBD) {
                count++;
                i += 2;
            }
        }
        return count;
    }
}
