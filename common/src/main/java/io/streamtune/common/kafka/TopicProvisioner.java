package io.streamtune.common.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline topics idempotently: missing topics are created with their configs, existing ones get
 * the configs the code relies on set again (partition counts are never changed, since that would move keys).
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final short replicationFactor;

    public TopicProvisioner(Admin admin, short replicationFactor) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
    }

    /** What {@link #ensure} did. */
    public record Result(List<String> created, List<String> updated) {
    }

    /** Makes sure every topic in {@code specs} exists with its configs. */
    public Result ensure(Collection<TopicSpec<?>> specs) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<String> created = new ArrayList<>();
            List<TopicSpec<?>> toUpdate = new ArrayList<>();
            for (TopicSpec<?> spec : specs) {
                if (existing.contains(spec.name())) {
                    toUpdate.add(spec);
                } else if (create(spec)) {
                    created.add(spec.name());
                } else {
                    toUpdate.add(spec);
                }
            }
            List<String> updated = alterConfigs(toUpdate);
            LOG.info("Topics ready: created {}, configs set on {}", created, updated);
            return new Result(List.copyOf(created), updated);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot provision topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private boolean create(TopicSpec<?> spec) throws InterruptedException, ExecutionException {
        NewTopic topic = new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs());
        try {
            admin.createTopics(List.of(topic)).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false; // created concurrently by another instance
            }
            throw e;
        }
    }

    private List<String> alterConfigs(List<TopicSpec<?>> specs) throws InterruptedException, ExecutionException {
        if (specs.isEmpty()) {
            return List.of();
        }
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        for (TopicSpec<?> spec : specs) {
            ops.put(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()),
                    spec.configs().entrySet().stream()
                            .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()),
                                    AlterConfigOp.OpType.SET))
                            .collect(Collectors.toList()));
        }
        admin.incrementalAlterConfigs(ops).all().get();
        return specs.stream().map(TopicSpec::name).toList();
    }
}
