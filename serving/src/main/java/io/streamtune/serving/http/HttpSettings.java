package io.streamtune.serving.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * How the inference server listens and what it accepts: address, threads, request limits and security. Built and
 * checked by {@code ServeConfig} from its {@code http.*} keys; tests build it directly.
 *
 * @param host             address to bind ({@code 127.0.0.1} unless told otherwise)
 * @param port             port, {@code 0} for a free one
 * @param threads          requests handled at the same time
 * @param maxQueued        requests that may wait for a thread
 * @param maxRequestBytes  largest request body (413 beyond)
 * @param maxBatch         most texts in one infer request (400 beyond)
 * @param maxTextChars     longest text in characters (400 beyond)
 * @param shutdownGrace    how long requests in flight may take to finish on stop
 * @param token            bearer token every request but the health checks must carry; empty: none
 * @param tls              HTTPS settings; empty: plain HTTP
 */
public record HttpSettings(String host, int port, int threads, int maxQueued, int maxRequestBytes, int maxBatch,
        int maxTextChars, Duration shutdownGrace, Optional<Password> token, Optional<TlsSettings> tls) {

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tls, "tls");
        if (threads < 1 || maxQueued < 1 || maxRequestBytes < 1 || maxBatch < 1 || maxTextChars < 1) {
            throw new IllegalArgumentException("threads, queue and request limits must be positive");
        }
    }

    /** Plain HTTP on loopback with the defaults of {@code ServeConfig}, on {@code port}. */
    public static HttpSettings loopback(int port) {
        return new HttpSettings("127.0.0.1", port, 4, 256, 4 << 20, 64, 20_000, Duration.ofSeconds(10),
                Optional.empty(), Optional.empty());
    }

    /** These settings with other request limits. */
    public HttpSettings withLimits(int newMaxRequestBytes, int newMaxBatch, int newMaxTextChars) {
        return new HttpSettings(host, port, threads, maxQueued, newMaxRequestBytes, newMaxBatch, newMaxTextChars,
                shutdownGrace, token, tls);
    }

    /** These settings with a bearer token and TLS. */
    public HttpSettings withSecurity(Optional<Password> newToken, Optional<TlsSettings> newTls) {
        return new HttpSettings(host, port, threads, maxQueued, maxRequestBytes, maxBatch, maxTextChars,
                shutdownGrace, newToken, newTls);
    }

    /** These settings with {@code newThreads} threads. */
    public HttpSettings withThreads(int newThreads) {
        return new HttpSettings(host, port, newThreads, maxQueued, maxRequestBytes, maxBatch, maxTextChars,
                shutdownGrace, token, tls);
    }
}
