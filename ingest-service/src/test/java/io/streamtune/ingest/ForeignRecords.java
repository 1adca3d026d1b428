package io.streamtune.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Record values as third-party producers write them, for decode tests: wire-format framing, another schema. */
final class ForeignRecords {

    /** Another team's record whose fields happen to match a LabeledExample's, registered under its own subject. */
    static final Schema TWEET = SchemaBuilder.record("Tweet").namespace("com.acme").fields()
            .requiredString("id").requiredString("task").requiredString("text").requiredString("label")
            .name("eventTime").type(SchemaBuilder.builder().longType()).noDefault()
            .endRecord();

    private ForeignRecords() {
    }

    /** {@code body} behind the wire format's header: magic byte 0, then the schema id. */
    static byte[] framed(int schemaId, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
    }

    /** The Avro body of a {@link #TWEET} that reads like a valid spam example. */
    static byte[] tweet(long eventTimeMs) {
        GenericRecord tweet = new GenericData.Record(TWEET);
        tweet.put("id", "t-1");
        tweet.put("task", "spam");
        tweet.put("text", "Win a cruise");
        tweet.put("label", "spam");
        tweet.put("eventTime", eventTimeMs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(TWEET).write(tweet, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
