package io.streamtune.serving.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/** Checks the {@code Authorization: Bearer <token>} header against the configured token, in constant time. */
final class BearerAuth {

    private static final String SCHEME = "Bearer ";

    private final Optional<byte[]> token;

    BearerAuth(Optional<Password> token) {
        this.token = token.map(secret -> secret.value().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Passes when no token is configured or {@code header} carries it.
     *
     * @throws HttpError 401 when a token is configured and the header is missing or carries another
     */
    void check(String header) {
        if (token.isEmpty()) {
            return;
        }
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new HttpError(401, "this server needs a bearer token: send 'Authorization: Bearer <token>'");
        }
        byte[] given = header.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get())) {
            throw new HttpError(401, "the bearer token is not valid");
        }
    }
}
