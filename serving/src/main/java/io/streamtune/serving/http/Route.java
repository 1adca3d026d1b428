package io.streamtune.serving.http;

import java.util.List;
import java.util.Optional;

/**
 * Which endpoint a request path names, with its task and version when it has them:
 * {@code /v2}, {@code /v2/health/live}, {@code /v2/health/ready}, {@code /metrics},
 * {@code /v2/models/{task}[/versions/{version}]}, and that followed by {@code /ready} or {@code /infer}.
 *
 * @param endpoint what is asked for
 * @param task     the task of a model endpoint, else empty
 * @param version  the version a client named in the path, if it did
 */
record Route(Endpoint endpoint, String task, Optional<String> version) {

    /** The endpoints, with the method each answers and the name its metrics carry. */
    enum Endpoint {
        SERVER_METADATA("GET", "server_metadata"),
        LIVE("GET", "health"),
        READY("GET", "health"),
        METRICS("GET", "metrics"),
        MODEL_METADATA("GET", "model_metadata"),
        MODEL_READY("GET", "model_ready"),
        INFER("POST", "infer");

        private final String method;
        private final String metricName;

        Endpoint(String method, String metricName) {
            this.method = method;
            this.metricName = metricName;
        }

        String method() {
            return method;
        }

        String metricName() {
            return metricName;
        }

        /** The health checks answer without a token: probes of orchestrators carry none, and they reveal nothing. */
        boolean open() {
            return this == LIVE || this == READY;
        }
    }

    /** The route of {@code path}, or empty when it names no endpoint. */
    static Optional<Route> of(String path) {
        List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/+", -1));
        if (parts.equals(List.of("metrics"))) {
            return Optional.of(new Route(Endpoint.METRICS, "", Optional.empty()));
        }
        if (parts.isEmpty() || !parts.get(0).equals("v2")) {
            return Optional.empty();
        }
        if (parts.size() == 1) {
            return Optional.of(new Route(Endpoint.SERVER_METADATA, "", Optional.empty()));
        }
        if (parts.size() == 3 && parts.get(1).equals("health")) {
            return switch (parts.get(2)) {
                case "live" -> Optional.of(new Route(Endpoint.LIVE, "", Optional.empty()));
                case "ready" -> Optional.of(new Route(Endpoint.READY, "", Optional.empty()));
                default -> Optional.empty();
            };
        }
        if (parts.size() < 3 || !parts.get(1).equals("models") || parts.get(2).isEmpty()) {
            return Optional.empty();
        }
        return model(parts.get(2), parts.subList(3, parts.size()));
    }

    private static Optional<Route> model(String task, List<String> rest) {
        Optional<String> version = Optional.empty();
        List<String> action = rest;
        if (rest.size() >= 2 && rest.get(0).equals("versions") && !rest.get(1).isEmpty()) {
            version = Optional.of(rest.get(1));
            action = rest.subList(2, rest.size());
        }
        if (action.isEmpty()) {
            return Optional.of(new Route(Endpoint.MODEL_METADATA, task, version));
        }
        if (action.size() == 1 && action.get(0).equals("ready")) {
            return Optional.of(new Route(Endpoint.MODEL_READY, task, version));
        }
        if (action.size() == 1 && action.get(0).equals("infer")) {
            return Optional.of(new Route(Endpoint.INFER, task, version));
        }
        return Optional.empty();
    }
}
