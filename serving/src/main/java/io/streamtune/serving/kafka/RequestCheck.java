package io.streamtune.serving.kafka;

import io.streamtune.registry.errors.DecodeDefect;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.schemas.InferenceRequest;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes one record of {@code inference.requests} and checks it against the rules of {@link InferenceReason}, in
 * order: a value, a decodable InferenceRequest, a visible id, a served task, a visible text of at most the maximum
 * length. Whether the task's champion is loaded is not checked here ({@link InferenceBatch} asks at scoring time).
 */
final class RequestCheck {

    private final Deserializer<InferenceRequest> deserializer;
    private final Set<String> servedTasks;
    private final int maxTextChars;

    /**
     * @param servedTasks  the tasks serve is configured for; empty: every task
     * @param maxTextChars longest text, in code points
     */
    RequestCheck(Deserializer<InferenceRequest> deserializer, List<String> servedTasks, int maxTextChars) {
        this.deserializer = deserializer;
        this.servedTasks = Set.copyOf(servedTasks);
        this.maxTextChars = maxTextChars;
    }

    Verdict check(ConsumerRecord<String, byte[]> record) {
        if (DecodeDefect.isMissing(record.value())) {
            return new Verdict.Refused(InferenceReason.NO_VALUE, record.value() == null
                    ? "the record has no value (a tombstone)" : "the record's value is empty");
        }
        try {
            return checkFields(deserializer.deserialize(record.topic(), record.headers(), record.value()));
        } catch (RegistryUnavailableException | RegistryRequestException e) {
            // Not the record's fault: read it again once the registry answers.
            return new Verdict.Wait("the schema registry did not answer: " + e.getMessage());
        } catch (SerializationException e) {
            return new Verdict.Refused(InferenceReason.valueOf(DecodeDefect.of(e).name()), e.getMessage());
        }
    }

    private Verdict checkFields(InferenceRequest request) {
        if (!hasVisibleCharacter(request.getId())) {
            return new Verdict.Refused(InferenceReason.BLANK_ID, "id is blank");
        }
        if (!servedTasks.isEmpty() && !servedTasks.contains(request.getTask())) {
            return new Verdict.Refused(InferenceReason.UNKNOWN_TASK, "task '" + request.getTask()
                    + "' is not served here; tasks=" + String.join(",", servedTasks.stream().sorted().toList()));
        }
        String text = request.getText();
        if (!hasVisibleCharacter(text)) {
            return new Verdict.Refused(InferenceReason.BLANK_TEXT, text.isEmpty() ? "text is empty"
                    : "text holds no visible character (only whitespace, control or format characters)");
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxTextChars) {
            return new Verdict.Refused(InferenceReason.TEXT_TOO_LONG, "text has " + length
                    + " characters; inference.max.text.chars is " + maxTextChars);
        }
        return new Verdict.Accepted(request);
    }

    /** Whether some character shows: not whitespace, a space separator (U+00A0), a format or control character. */
    static boolean hasVisibleCharacter(String text) {
        return text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.CONTROL);
    }
}
