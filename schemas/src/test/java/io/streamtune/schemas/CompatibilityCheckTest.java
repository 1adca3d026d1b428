package io.streamtune.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityCheckTest {

    @Test
    void shouldFindAKeptVersionForEveryTopicSchema() {
        for (Schema schema : SchemaCatalog.TOPIC_VALUE_SCHEMAS) {
            assertThat(CompatibilityCheck.history(schema.getFullName()))
                    .as("kept versions of %s", schema.getName())
                    .isNotEmpty();
        }
    }

    @Test
    void shouldAcceptCurrentSchemasAgainstEveryKeptVersion() {
        assertThat(CompatibilityCheck.checkCatalog()).isEmpty();
    }

    @Test
    void shouldCheckTheInferenceRequestAndPredictionSchemasAgainstTheirKeptHistory() {
        for (Schema schema : List.of(InferenceRequest.getClassSchema(), InferencePrediction.getClassSchema())) {
            assertThat(SchemaCatalog.TOPIC_VALUE_SCHEMAS).as("catalog").contains(schema);
            assertThat(CompatibilityCheck.history(schema.getFullName())).as("kept versions of %s", schema.getName())
                    .isNotEmpty();
        }
        Schema withARequiredField = withExtraField(InferenceRequest.getClassSchema(), "priority", false);
        assertThat(CompatibilityCheck.backwardViolations(withARequiredField,
                CompatibilityCheck.history(InferenceRequest.getClassSchema().getFullName()))).isNotEmpty();
    }

    @Test
    void shouldAcceptANewOptionalFieldWithDefault() {
        Schema v1 = LabeledExample.getClassSchema();
        Schema v2 = withExtraField(v1, "language", true);

        assertThat(CompatibilityCheck.backwardViolations(v2, List.of(v1))).isEmpty();
    }

    @Test
    void shouldRejectANewRequiredFieldWithoutDefault() {
        Schema v1 = LabeledExample.getClassSchema();
        Schema v2 = withExtraField(v1, "language", false);

        List<CompatibilityCheck.Violation> violations = CompatibilityCheck.backwardViolations(v2, List.of(v1));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.description()).contains("READER_FIELD_MISSING_DEFAULT").contains("language");
        });
    }

    @Test
    void shouldRejectChangingAFieldType() {
        Schema v1 = OffsetRange.getClassSchema();
        String changed = v1.toString().replace("\"name\":\"partition\",\"type\":\"int\"",
                "\"name\":\"partition\",\"type\":\"string\"");
        Schema v2 = new Schema.Parser().parse(changed);

        assertThat(CompatibilityCheck.backwardViolations(v2, List.of(v1)))
                .singleElement()
                .satisfies(v -> assertThat(v.description()).contains("TYPE_MISMATCH"));
    }

    @Test
    void shouldRejectAnIncompatibleCandidateAgainstTheKeptHistory() {
        Schema current = PromotionEvent.getClassSchema();
        Schema broken = withExtraField(current, "approvedBy", false);

        assertThat(CompatibilityCheck.backwardViolations(broken, CompatibilityCheck.history(current.getFullName())))
                .isNotEmpty();
    }

    /** The schema with one more string field, optional (null default) or required (no default). */
    private static Schema withExtraField(Schema schema, String name, boolean optional) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(optional
                ? new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL),
                        Schema.create(Schema.Type.STRING)), "added field", Schema.Field.NULL_DEFAULT_VALUE)
                : new Schema.Field(name, Schema.create(Schema.Type.STRING), "added field"));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
