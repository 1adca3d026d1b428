package io.streamtune.launcher.demo.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.streamtune.launcher.demo.RunRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's data as the report's plotting script reads it: JSON that is safe inside a script element ({@code <},
 * {@code >} and {@code &} as unicode escapes) and has no NaN (unknown metrics are null).
 */
final class ReportData {

    private static final ObjectWriter JSON = dataWriter();

    private ReportData() {
    }

    /** The data the plots draw from, as JSON that is safe inside a script element. */
    static String json(RunRecord record) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("samples", record.samples());
        data.put("evaluations", record.evaluations());
        data.put("promotions", record.promotions());
        data.put("served", record.served());
        RunRecord.Summary summary = record.summary();
        data.put("champions", summary == null ? List.of() : summary.champions());
        // The reference line of the champions plot: the frozen base model with a linear probe, when scored.
        data.put("base", summary == null ? null : summary.heldOut().stream()
                .filter(score -> score.model().startsWith("base model")).findFirst().orElse(null));
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report's data as JSON", e);
        }
    }

    private static ObjectWriter dataWriter() {
        SimpleModule finiteOrNull = new SimpleModule("finite-or-null")
                .addSerializer(Double.class, new FiniteOrNull())
                .addSerializer(double.class, new FiniteOrNull());
        return new ObjectMapper().registerModule(finiteOrNull).writer().with(new ScriptSafeEscapes());
    }

    /** JSON has no NaN: a metric that is not known is written as null, which the plots draw as a gap. */
    private static final class FiniteOrNull extends StdSerializer<Double> {

        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator json, SerializerProvider provider) throws IOException {
            if (value != null && Double.isFinite(value)) {
                json.writeNumber(value);
            } else {
                json.writeNull();
            }
        }
    }

    /**
     * Standard JSON escapes plus {@code < > &} as unicode escapes: inside a script element the HTML parser
     * would otherwise end the block at {@code </script>} or change state at {@code <!--}.
     */
    private static final class ScriptSafeEscapes extends CharacterEscapes {

        private final int[] asciiEscapes;

        ScriptSafeEscapes() {
            asciiEscapes = standardAsciiEscapesForJSON();
            asciiEscapes['<'] = ESCAPE_STANDARD;
            asciiEscapes['>'] = ESCAPE_STANDARD;
            asciiEscapes['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
