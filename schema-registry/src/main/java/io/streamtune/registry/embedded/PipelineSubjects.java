package io.streamtune.registry.embedded;

import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.SchemaRegistryClient;
import io.streamtune.registry.SubjectNameStrategy;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registry subjects of the pipeline's topic values, and the compatibility rule they must have. */
public final class PipelineSubjects {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineSubjects.class);

    /** Compatibility every pipeline subject gets: new readers read old records (schemas/ keeps the same rule). */
    public static final String COMPATIBILITY = "BACKWARD";

    private PipelineSubjects() {
    }

    /** {@code <topic>-value} of every pipeline topic ({@code TopicNameStrategy}). */
    public static List<String> valueSubjects() {
        return Topics.ALL.stream().map(TopicSpec::name)
                .map(topic -> SubjectNameStrategy.TOPIC_NAME.subject(topic, false, null))
                .toList();
    }

    /** Sets {@value #COMPATIBILITY} on every pipeline subject whose level differs. */
    public static void requireBackward(SchemaRegistryClient client) {
        for (String subject : valueSubjects()) {
            if (!COMPATIBILITY.equals(client.compatibility(subject))) {
                client.setCompatibility(subject, COMPATIBILITY);
                LOG.info("Subject {} set to {} compatibility", subject, COMPATIBILITY);
            }
        }
    }
}
