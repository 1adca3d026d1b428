package io.streamtune.serving.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An Open Inference Protocol infer request, checked: the texts of its {@code BYTES} input named {@code text}, and the
 * request id to echo. Every way a body can be wrong is a 400 with a message that says what to fix.
 *
 * @param id    the client's request id, echoed in the answer
 * @param texts the texts to score, in order
 */
record InferRequest(Optional<String> id, List<String> texts) {

    /** The name of the one input the server reads. */
    static final String TEXT_INPUT = "text";

    /**
     * Parses and checks {@code body}.
     *
     * @throws HttpError 400 when the body is not JSON, has no {@code text} input, a wrong datatype or shape, or
     *                   texts beyond {@code maxBatch} or {@code maxTextChars}
     */
    static InferRequest parse(ObjectMapper json, byte[] body, int maxBatch, int maxTextChars) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw HttpError.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw HttpError.badRequest("unreadable body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw HttpError.badRequest("the request must be a JSON object with \"inputs\"");
        }
        JsonNode id = root.get("id");
        if (id != null && !id.isNull() && !id.isValueNode()) {
            throw HttpError.badRequest("\"id\" must be a string");
        }
        JsonNode input = textInput(root.get("inputs"));
        String datatype = input.path("datatype").asText("");
        if (!"BYTES".equals(datatype)) {
            throw HttpError.badRequest("input \"text\" has datatype " + (datatype.isEmpty() ? "(none)" : datatype)
                    + "; it must be BYTES");
        }
        List<String> texts = texts(input.get("data"), maxBatch, maxTextChars);
        checkShape(input.get("shape"), texts.size());
        return new InferRequest(id == null || id.isNull() ? Optional.empty() : Optional.of(id.asText()), texts);
    }

    private static JsonNode textInput(JsonNode inputs) {
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw HttpError.badRequest("missing \"inputs\": give one input named \"text\" with datatype BYTES");
        }
        for (JsonNode input : inputs) {
            if (input.isObject() && TEXT_INPUT.equals(input.path("name").asText())) {
                return input;
            }
        }
        throw HttpError.badRequest("no input named \"text\" among the " + inputs.size() + " inputs");
    }

    private static List<String> texts(JsonNode data, int maxBatch, int maxTextChars) {
        if (data == null || !data.isArray()) {
            throw HttpError.badRequest("input \"text\" needs \"data\": an array of strings");
        }
        List<String> texts = new ArrayList<>();
        collect(data, texts, maxBatch, maxTextChars);
        if (texts.isEmpty()) {
            throw HttpError.badRequest("input \"text\" has no texts");
        }
        return texts;
    }

    // OIP allows the data of a [N] or [N, 1] tensor nested; it is read row-major.
    private static void collect(JsonNode data, List<String> texts, int maxBatch, int maxTextChars) {
        for (JsonNode element : data) {
            if (element.isArray()) {
                collect(element, texts, maxBatch, maxTextChars);
                continue;
            }
            if (!element.isTextual()) {
                throw HttpError.badRequest("text " + texts.size() + " is " + element.getNodeType()
                        .name().toLowerCase(Locale.ROOT) + "; every element of \"data\" must be a string");
            }
            if (texts.size() == maxBatch) {
                throw HttpError.badRequest("more than " + maxBatch + " texts in one request; send at most "
                        + maxBatch + " (http.max.batch)");
            }
            String text = element.asText();
            if (text.length() > maxTextChars) {
                throw HttpError.badRequest("text " + texts.size() + " has " + text.length()
                        + " characters; the limit is " + maxTextChars + " (http.max.text.chars)");
            }
            texts.add(text);
        }
    }

    private static void checkShape(JsonNode shape, int count) {
        if (shape == null) {
            return;
        }
        if (!shape.isArray() || shape.isEmpty()) {
            throw HttpError.badRequest("\"shape\" must be an array of sizes, e.g. [" + count + "]");
        }
        long product = 1;
        for (JsonNode size : shape) {
            if (!size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
                throw HttpError.badRequest("\"shape\" must hold non-negative integers, got " + shape);
            }
            product = Math.min(product * Math.max(size.asLong(), 0), Integer.MAX_VALUE);
        }
        if (product != count) {
            throw HttpError.badRequest("\"shape\" " + shape + " holds " + product + " texts but \"data\" has "
                    + count);
        }
    }
}
