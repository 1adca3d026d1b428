package io.streamtune.launcher.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Files a demo run leaves in its folder besides the logs: {@code run.json}, the raw record behind the report. */
public final class RunFiles {

    /** Instants as ISO-8601 text, the one date type a record holds (no need for the whole java.time module). */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Instant.class, new JsonSerializer<>() {
                @Override
                public void serialize(Instant value, JsonGenerator out, SerializerProvider provider)
                        throws IOException {
                    out.writeString(value.toString());
                }
            })
            .addDeserializer(Instant.class, new JsonDeserializer<>() {
                @Override
                public Instant deserialize(JsonParser in, DeserializationContext context) throws IOException {
                    return Instant.parse(in.getValueAsString());
                }
            }));

    private RunFiles() {
    }

    /** Writes {@code record} as JSON (NaN as the string {@code "NaN"}). */
    public static void writeJson(RunRecord record, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), record);
    }

    /** Reads a record written by {@link #writeJson}. */
    public static RunRecord readJson(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunRecord.class);
    }
}
