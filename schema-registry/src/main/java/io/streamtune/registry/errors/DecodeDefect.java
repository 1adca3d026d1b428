package io.streamtune.registry.errors;

import org.apache.kafka.common.errors.SerializationException;

/**
 * What is wrong with a record value that does not decode, one constant per defect, for reason codes and metric
 * labels. Services that dead-letter records use these names as their codes.
 */
public enum DecodeDefect {
    /** A tombstone or an empty value. */
    NO_VALUE,
    /** Byte 0 is not the wire format's magic byte: not written by a registry-aware serializer. */
    UNKNOWN_MAGIC_BYTE,
    /** The registry has no schema with the id in the header. */
    UNKNOWN_SCHEMA_ID,
    /** The value ends before its header or its Avro body is complete. */
    TRUNCATED_PAYLOAD,
    /** The Avro body does not decode with the writer schema it names (or leaves bytes over). */
    MALFORMED_AVRO,
    /** Written with a schema the reader does not take. */
    WRONG_SCHEMA;

    /** Whether a value is missing: {@code null} (a tombstone) or empty. */
    public static boolean isMissing(byte[] value) {
        return value == null || value.length == 0;
    }

    /** The defect a registry deserializer's exception reports; anything not more specific is malformed Avro. */
    public static DecodeDefect of(SerializationException e) {
        if (e instanceof UnknownMagicByteException) {
            return UNKNOWN_MAGIC_BYTE;
        }
        if (e instanceof UnknownSchemaIdException) {
            return UNKNOWN_SCHEMA_ID;
        }
        if (e instanceof TruncatedPayloadException) {
            return TRUNCATED_PAYLOAD;
        }
        if (e instanceof WrongSchemaException) {
            return WRONG_SCHEMA;
        }
        return MALFORMED_AVRO;
    }
}
