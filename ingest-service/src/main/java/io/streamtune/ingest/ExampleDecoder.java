package io.streamtune.ingest;

import io.streamtune.registry.errors.DecodeDefect;
import io.streamtune.schemas.LabeledExample;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes a record value into a {@link LabeledExample}, or says which decode defect it has: one reason code per
 * defect ({@link DecodeDefect}), from the exception type the registry deserializer throws.
 */
final class ExampleDecoder {

    /** Either an example or why there is none. */
    record Decoded(LabeledExample example, ExampleRejection rejection) {
    }

    private final Deserializer<LabeledExample> deserializer;

    /**
     * @param deserializer throws a {@link SerializationException} for bytes that are not an example; anything else
     *                     it throws is an infrastructure failure and propagates
     */
    ExampleDecoder(Deserializer<LabeledExample> deserializer) {
        this.deserializer = deserializer;
    }

    Decoded decode(String topic, Headers headers, byte[] value) {
        if (DecodeDefect.isMissing(value)) {
            return refused(DecodeDefect.NO_VALUE, value == null ? "record has no value (a tombstone)"
                    : "record value is empty");
        }
        LabeledExample example;
        try {
            example = deserializer.deserialize(topic, headers, value);
        } catch (SerializationException e) {
            return refused(DecodeDefect.of(e), "value does not decode as a LabeledExample: " + e.getMessage());
        }
        return example == null ? refused(DecodeDefect.NO_VALUE, "value decodes to nothing")
                : new Decoded(example, null);
    }

    private static Decoded refused(DecodeDefect defect, String reason) {
        return new Decoded(null, new ExampleRejection(ReasonCode.valueOf(defect.name()), reason));
    }
}
