package io.streamtune.serving.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body, never more than the limit: a body beyond it is refused with 413 before it is held. */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The whole body of {@code exchange}.
     *
     * @throws HttpError 413 when the declared length or the bytes sent exceed {@code maxBytes}
     */
    static byte[] read(HttpExchange exchange, int maxBytes) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declaredLength(declared) > maxBytes) {
            throw tooLarge(maxBytes);
        }
        // Chunked bodies declare no length: read one byte past the limit to know.
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        }
    }

    private static long declaredLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Content-Length is not a number: " + value);
        }
    }

    private static HttpError tooLarge(int maxBytes) {
        return new HttpError(413, "the request body exceeds " + maxBytes + " bytes (http.max.request.bytes)");
    }
}
