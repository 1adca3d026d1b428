package io.streamtune.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON bodies of the Open Inference Protocol answers: infer, model metadata, server metadata and errors. */
final class InferenceJson {

    private final ObjectMapper json;

    InferenceJson(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The answer to an infer request: the label of every text and the probabilities, one row per text in label
     * order, with the version that gave them (one version for the whole batch, as {@code Champions} guarantees).
     */
    ObjectNode inferResponse(String task, Optional<String> id, List<Prediction> predictions) {
        List<String> labels = List.copyOf(predictions.get(0).probabilities().keySet());
        ObjectNode body = json.createObjectNode();
        body.put("model_name", task);
        body.put("model_version", predictions.get(0).modelVersion());
        id.ifPresent(value -> body.put("id", value));
        ArrayNode outputs = body.putArray("outputs");
        ObjectNode label = tensor(outputs, "label", "BYTES", predictions.size());
        ArrayNode labelData = label.putArray("data");
        ObjectNode probabilities = tensor(outputs, "probabilities", "FP32", predictions.size(), labels.size());
        ArrayNode rows = probabilities.putArray("data");
        for (Prediction prediction : predictions) {
            labelData.add(prediction.label());
            for (String each : labels) {
                rows.add(prediction.probabilities().getOrDefault(each, 0.0).floatValue());
            }
        }
        strings(body.putObject("parameters").putArray("labels"), labels);
        return body;
    }

    /** Model metadata: the champion's version, its tensors, labels, metrics and when it was promoted and loaded. */
    ObjectNode modelMetadata(ChampionInfo champion, String platform) {
        ObjectNode body = json.createObjectNode();
        body.put("name", champion.task());
        body.putArray("versions").add(champion.modelVersion());
        body.put("platform", platform);
        ArrayNode inputs = body.putArray("inputs");
        tensor(inputs, InferRequest.TEXT_INPUT, "BYTES", -1);
        ArrayNode outputs = body.putArray("outputs");
        tensor(outputs, "label", "BYTES", -1);
        tensor(outputs, "probabilities", "FP32", -1, champion.labels().size());
        ObjectNode parameters = body.putObject("parameters");
        strings(parameters.putArray("labels"), champion.labels());
        ObjectNode metrics = parameters.putObject("metrics");
        champion.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(metric -> metrics.put(metric.getKey(), metric.getValue()));
        parameters.put("promoted_at", text(champion.promotedAt()));
        parameters.put("loaded_at", text(champion.loadedAt()));
        parameters.put("content_hash", champion.contentHash());
        parameters.put("kind", champion.kind());
        return body;
    }

    /** Server metadata ({@code GET /v2}). */
    ObjectNode serverMetadata(String version) {
        ObjectNode body = json.createObjectNode();
        body.put("name", "streamtune");
        body.put("version", version);
        body.putArray("extensions");
        return body;
    }

    /** A flag answer, e.g. {@code {"ready": false, "detail": "..."}}. */
    ObjectNode flag(String name, boolean value, String detail) {
        ObjectNode body = json.createObjectNode();
        body.put(name, value);
        body.put("detail", detail);
        return body;
    }

    /** An error answer: {@code {"error": "<message>"}}. */
    ObjectNode error(String message) {
        ObjectNode body = json.createObjectNode();
        body.put("error", message);
        return body;
    }

    byte[] bytes(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON tree", e);
        }
    }

    private static ObjectNode tensor(ArrayNode list, String name, String datatype, long... shape) {
        ObjectNode tensor = list.addObject();
        tensor.put("name", name);
        tensor.put("datatype", datatype);
        ArrayNode dims = tensor.putArray("shape");
        for (long dim : shape) {
            dims.add(dim);
        }
        return tensor;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
