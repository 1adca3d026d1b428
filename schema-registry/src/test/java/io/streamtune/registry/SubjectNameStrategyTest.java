package io.streamtune.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.schemas.LabeledExample;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {

    @Test
    void shouldNameTopicSubjectsWithKeyOrValueSuffix() {
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("examples", false, LabeledExample.getClassSchema()))
                .isEqualTo("examples-value");
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("examples", true, LabeledExample.getClassSchema()))
                .isEqualTo("examples-key");
    }

    @Test
    void shouldNameRecordSubjectsAfterTheRecordsFullName() {
        assertThat(SubjectNameStrategy.RECORD_NAME.subject("examples", false, LabeledExample.getClassSchema()))
                .isEqualTo("io.streamtune.schemas.LabeledExample");
        assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subject("examples", false, LabeledExample.getClassSchema()))
                .isEqualTo("examples-io.streamtune.schemas.LabeledExample");
    }

    @Test
    void shouldAcceptConfluentClassNames() {
        assertThat(SubjectNameStrategy.parse("io.confluent.kafka.serializers.subject.TopicNameStrategy"))
                .isEqualTo(SubjectNameStrategy.TOPIC_NAME);
        assertThat(SubjectNameStrategy.parse("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
                .isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
        assertThat(SubjectNameStrategy.parse("RecordNameStrategy")).isEqualTo(SubjectNameStrategy.RECORD_NAME);
    }

    @Test
    void shouldRejectAnUnknownStrategyNamingTheChoices() {
        assertThatThrownBy(() -> SubjectNameStrategy.parse("com.example.MyStrategy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MyStrategy").hasMessageContaining("TopicNameStrategy");
    }
}
