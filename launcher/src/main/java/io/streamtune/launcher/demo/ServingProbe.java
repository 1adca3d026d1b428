package io.streamtune.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.model.LabeledText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plays a downstream service during the demo: sends held-out emails (which never enter the stream) to the serve
 * server's Open Inference Protocol endpoint at a steady pace, and records which model version answered each request
 * and how many of its answers were right. Runs on its own daemon thread; its records are read from another.
 */
public final class ServingProbe implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI inferUri;
    private final List<LabeledText> emails;
    private final int batch;
    private final Duration every;
    private final Instant startedAt;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<RunRecord.ServedPoint> points = new ArrayList<>();
    /** Model versions in the order they first answered, with when (epoch ms). */
    private final Map<String, Long> firstAnswers = new LinkedHashMap<>();
    private final Thread thread;
    private int next;
    private long notReady;

    /**
     * @param serverUri  the serve server, e.g. {@code http://127.0.0.1:8080}
     * @param task       the task whose champion is asked
     * @param emails     held-out labeled emails, asked in turn
     * @param batch      emails per request
     * @param every      pause between requests
     * @param startedAt  the run's start; points are stamped in seconds since then
     */
    public ServingProbe(URI serverUri, String task, List<LabeledText> emails, int batch, Duration every,
            Instant startedAt) {
        if (emails.isEmpty()) {
            throw new IllegalArgumentException("the serving probe needs at least one held-out email");
        }
        this.inferUri = serverUri.resolve("/v2/models/" + task + "/infer");
        this.emails = List.copyOf(emails);
        this.batch = batch;
        this.every = every;
        this.startedAt = startedAt;
        this.thread = new Thread(this::run, "demo-serving-probe");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        while (!stopped.get()) {
            askOnce();
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends one request and records its outcome; tests call it without starting the thread. */
    void askOnce() {
        List<LabeledText> asked = nextEmails();
        long sentAt = System.currentTimeMillis();
        RunRecord.ServedPoint point;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(inferUri).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request(asked))).build(),
                    HttpResponse.BodyHandlers.ofString());
            long answeredAt = System.currentTimeMillis();
            if (noChampionYet(response.statusCode())) {
                synchronized (this) {
                    notReady++;
                }
                return;
            }
            point = response.statusCode() == 200
                    ? answered(asked, JSON.readTree(response.body()), sentAt, answeredAt)
                    : failed(sentAt, answeredAt, asked.size());
        } catch (IOException | RuntimeException e) {
            point = failed(sentAt, System.currentTimeMillis(), asked.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            points.add(point);
            if (point.modelVersion() != null) {
                firstAnswers.putIfAbsent(point.modelVersion(), sentAt);
            }
        }
    }

    /**
     * Not ready (503), or unknown (404) before the first answer: serve knows a task that follows every promotion
     * only once the task's first champion is promoted. After an answer, a 404 is a failure.
     */
    private synchronized boolean noChampionYet(int status) {
        return status == 503 || status == 404 && firstAnswers.isEmpty();
    }

    private List<LabeledText> nextEmails() {
        List<LabeledText> asked = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            asked.add(emails.get(next));
            next = (next + 1) % emails.size();
        }
        return asked;
    }

    private static String request(List<LabeledText> asked) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode input = body.putArray("inputs").addObject();
        input.put("name", "text").put("datatype", "BYTES").putArray("shape").add(asked.size());
        ArrayNode data = input.putArray("data");
        asked.forEach(email -> data.add(email.text()));
        return JSON.writeValueAsString(body);
    }

    private RunRecord.ServedPoint answered(List<LabeledText> asked, JsonNode body, long sentAt, long answeredAt) {
        JsonNode labels = null;
        for (JsonNode output : body.path("outputs")) {
            if ("label".equals(output.path("name").asText())) {
                labels = output.path("data");
            }
        }
        String version = body.path("model_version").asText(null);
        if (labels == null || labels.size() != asked.size() || version == null) {
            return failed(sentAt, answeredAt, asked.size());
        }
        int correct = 0;
        for (int i = 0; i < asked.size(); i++) {
            if (asked.get(i).label().equals(labels.get(i).asText())) {
                correct++;
            }
        }
        return new RunRecord.ServedPoint(seconds(sentAt), version, asked.size(), correct, answeredAt - sentAt);
    }

    private RunRecord.ServedPoint failed(long sentAt, long answeredAt, int texts) {
        return new RunRecord.ServedPoint(seconds(sentAt), null, texts, 0, answeredAt - sentAt);
    }

    private double seconds(long epochMillis) {
        return (epochMillis - startedAt.toEpochMilli()) / 1000.0;
    }

    /** Every request answered or failed so far, in order; a failed one has no model version. */
    public synchronized List<RunRecord.ServedPoint> points() {
        return List.copyOf(points);
    }

    /** Each model version that answered, with when it first did (epoch ms), in that order. */
    public synchronized Map<String, Long> firstAnswers() {
        return new LinkedHashMap<>(firstAnswers);
    }

    /** Requests refused because no champion was loaded yet (503, or 404 before the first answer). */
    public synchronized long notReady() {
        return notReady;
    }

    /** The figures of everything asked so far, with freshness to serving from {@code freshness}. */
    public synchronized RunRecord.ServingSummary summary(Freshness freshness) {
        long answers = 0;
        long correct = 0;
        long failed = 0;
        List<Double> latencies = new ArrayList<>();
        for (RunRecord.ServedPoint point : points) {
            if (point.modelVersion() == null) {
                failed++;
                continue;
            }
            answers += point.texts();
            correct += point.correct();
            latencies.add(point.latencyMs());
        }
        return new RunRecord.ServingSummary(points.size(), failed, notReady, answers,
                answers == 0 ? Double.NaN : (double) correct / answers, firstAnswers.size(),
                freshness.quantile(Freshness.Stage.SERVED, 0.5), freshness.quantile(Freshness.Stage.SERVED, 0.95),
                freshness.covered(Freshness.Stage.SERVED), Freshness.nearestRank(latencies, 0.5),
                Freshness.nearestRank(latencies, 0.99));
    }

    @Override
    public void close() {
        stopped.set(true);
        thread.interrupt();
        try {
            thread.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
