package io.streamtune.model.onnx;

/** The bytes are not an ONNX model this loader understands; the message says what was expected. */
public class OnnxFormatException extends RuntimeException {

    public OnnxFormatException(String message) {
        super(message);
    }
}
