package io.streamtune.serving.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.serving.ChampionInfo;
import io.streamtune.serving.Champions;
import io.streamtune.serving.NoChampionException;
import io.streamtune.serving.Prediction;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The endpoints of one task's model: infer, metadata and readiness, answered from its champion. A task the server
 * does not serve is a 404; a served task whose first champion is not loaded yet is a 503, so that a client retries.
 */
final class ModelEndpoints {

    private final Champions champions;
    private final List<String> configuredTasks;
    private final String platform;
    private final HttpSettings settings;
    private final ObjectMapper mapper;
    private final InferenceJson json;
    private final HttpMetrics metrics;

    ModelEndpoints(Champions champions, List<String> configuredTasks, String platform, HttpSettings settings,
            ObjectMapper mapper, HttpMetrics metrics) {
        this.champions = champions;
        this.configuredTasks = List.copyOf(configuredTasks);
        this.platform = platform;
        this.settings = settings;
        this.mapper = mapper;
        this.json = new InferenceJson(mapper);
        this.metrics = metrics;
    }

    /** Scores the texts of {@code body} with the champion of the route's task. */
    ObjectNode infer(Route route, byte[] body, long startNanos) {
        ChampionInfo champion = champion(route);
        InferRequest request = InferRequest.parse(mapper, body, settings.maxBatch(), settings.maxTextChars());
        List<Prediction> predictions;
        try {
            predictions = champions.predict(champion.task(), request.texts());
        } catch (NoChampionException e) {
            throw new HttpError(503, e.getMessage());
        }
        String answeredBy = predictions.get(0).modelVersion();
        if (route.version().isPresent() && !route.version().get().equals(answeredBy)) {
            // A swap between the check and the call: the client asked for the old version, which is gone.
            throw HttpError.notFound(versionGone(route, answeredBy));
        }
        metrics.inferred(champion.task(), Duration.ofNanos(System.nanoTime() - startNanos), predictions.size());
        return json.inferResponse(champion.task(), request.id(), predictions);
    }

    /** The champion's metadata. */
    ObjectNode metadata(Route route) {
        return json.modelMetadata(champion(route), platform);
    }

    /** 200 when the task's champion is loaded (and is the version named, if one is). */
    ObjectNode ready(Route route) {
        ChampionInfo champion = champion(route);
        return json.flag("ready", true, "version " + champion.modelVersion() + " loaded");
    }

    private ChampionInfo champion(Route route) {
        String task = route.task();
        if (!configuredTasks.isEmpty() && !configuredTasks.contains(task)) {
            throw HttpError.notFound("task '" + task + "' is not served here; tasks: "
                    + String.join(", ", configuredTasks));
        }
        Optional<ChampionInfo> champion = champions.champion(task);
        if (champion.isEmpty()) {
            throw configuredTasks.isEmpty()
                    ? HttpError.notFound("no model for task '" + task + "': no champion of it has been loaded")
                    : new HttpError(503, "task '" + task + "' has no champion loaded yet; retry later");
        }
        if (route.version().isPresent() && !route.version().get().equals(champion.get().modelVersion())) {
            throw HttpError.notFound(versionGone(route, champion.get().modelVersion()));
        }
        return champion.get();
    }

    private static String versionGone(Route route, String current) {
        return "version '" + route.version().orElse("") + "' of task '" + route.task() + "' is not served; the "
                + "champion is " + current;
    }
}
