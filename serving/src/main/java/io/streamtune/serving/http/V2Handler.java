package io.streamtune.serving.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.streamtune.serving.Champions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request of the inference server: finds its {@link Route}, checks method and token, answers it, and turns
 * whatever goes wrong into a JSON error with the right status; nothing a client sends escapes as an exception, so no
 * request can take a handler thread down.
 */
final class V2Handler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(V2Handler.class);
    private static final String JSON = "application/json";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final Champions champions;
    private final List<String> configuredTasks;
    private final ModelEndpoints models;
    private final InferenceJson json;
    private final BearerAuth auth;
    private final HttpMetrics metrics;
    private final Supplier<String> scrape;
    private final int maxRequestBytes;
    private final String serverVersion;
    private final InFlight inFlight;

    V2Handler(Champions champions, List<String> configuredTasks, ModelEndpoints models, InferenceJson json,
            HttpSettings settings, HttpMetrics metrics, Supplier<String> scrape, InFlight inFlight) {
        this.inFlight = inFlight;
        this.champions = champions;
        this.configuredTasks = List.copyOf(configuredTasks);
        this.models = models;
        this.json = json;
        this.auth = new BearerAuth(settings.token());
        this.metrics = metrics;
        this.scrape = scrape;
        this.maxRequestBytes = settings.maxRequestBytes();
        String version = V2Handler.class.getPackage().getImplementationVersion();
        this.serverVersion = version == null ? "development" : version;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        Optional<Route> route = Route.of(exchange.getRequestURI().getPath());
        String endpoint = route.map(found -> found.endpoint().metricName()).orElse("unknown");
        int status;
        boolean entered = inFlight.enter();
        try (exchange) {
            try {
                if (!entered) {
                    exchange.getResponseHeaders().set("Connection", "close");
                    throw new HttpError(503, "the server is shutting down");
                }
                status = answer(exchange, route.orElseThrow(() -> HttpError.notFound("no such path: "
                        + exchange.getRequestURI().getPath() + " (see /v2 and /v2/models/{task}/infer)")), start);
            } catch (HttpError e) {
                status = e.status();
                closeIfBodyMayBeUnread(exchange);
                respond(exchange, status, JSON, json.bytes(json.error(e.getMessage())));
            } catch (RuntimeException e) {
                LOG.error("Answering {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                closeIfBodyMayBeUnread(exchange);
                respond(exchange, status, JSON, json.bytes(json.error("the server failed to answer: " + e)));
            }
            metrics.answered(endpoint, status);
        } catch (IOException | RuntimeException e) {
            // The client went away mid-answer, or the answer could not be written: nothing left to tell it.
            LOG.debug("Could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    e.toString());
        } finally {
            if (entered) {
                inFlight.leave();
            }
        }
    }

    private int answer(HttpExchange exchange, Route route, long start) throws IOException {
        Route.Endpoint endpoint = route.endpoint();
        if (!endpoint.open()) {
            auth.check(exchange.getRequestHeaders().getFirst("Authorization"));
        }
        if (!endpoint.method().equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", endpoint.method());
            throw new HttpError(405, exchange.getRequestMethod() + " is not allowed here; use "
                    + endpoint.method());
        }
        ObjectNode body = switch (endpoint) {
            case METRICS -> null;
            case SERVER_METADATA -> json.serverMetadata(serverVersion);
            case LIVE -> json.flag("live", true, "answering");
            case READY -> readiness();
            case MODEL_METADATA -> models.metadata(route);
            case MODEL_READY -> models.ready(route);
            case INFER -> models.infer(route, RequestBodies.read(exchange, maxRequestBytes), start);
        };
        if (body == null) {
            return respond(exchange, 200, PROMETHEUS, scrape.get().getBytes(StandardCharsets.UTF_8));
        }
        int status = endpoint == Route.Endpoint.READY && !body.path("ready").asBoolean() ? 503 : 200;
        return respond(exchange, status, JSON, json.bytes(body));
    }

    /** Ready once every configured task, or with none configured at least one task, has a loaded champion. */
    private ObjectNode readiness() {
        if (configuredTasks.isEmpty()) {
            boolean any = !champions.tasks().isEmpty();
            return json.flag("ready", any, any ? "serving " + String.join(", ", champions.tasks().stream().sorted()
                    .toList()) : "no champion loaded yet");
        }
        String waiting = configuredTasks.stream().filter(task -> champions.champion(task).isEmpty())
                .collect(Collectors.joining(", "));
        return json.flag("ready", waiting.isEmpty(), waiting.isEmpty() ? "serving " + String.join(", ",
                configuredTasks) : "no champion loaded yet for " + waiting);
    }

    /**
     * An answer given before the request's body was read must end the connection: the JDK server may give up draining
     * the unread body and close its side, and a client reusing the connection for its next request then reads
     * nothing. {@code Connection: close} tells the client not to reuse it.
     */
    private static void closeIfBodyMayBeUnread(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        boolean hasBody = exchange.getRequestHeaders().containsKey("Transfer-Encoding")
                || length != null && !"0".equals(length.trim());
        if (hasBody) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
    }

    private static int respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (status == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"streamtune\"");
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }
}
