package io.streamtune.common.service;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.kafka.BrokerRetry;
import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.TopicSpec;
import java.util.Collection;
import org.apache.kafka.clients.admin.Admin;

/** Start-up topic provisioning, the same for every service: create what is missing, waiting out broker outages. */
public final class ServiceTopics {

    /** Replication factor -1 lets the brokers' {@code default.replication.factor} decide. */
    private static final short BROKER_DEFAULT_REPLICATION = -1;

    /** A further admin call made once the topics are ready, with the same client and retries. */
    @FunctionalInterface
    public interface AdminCall<T> {
        T call(Admin admin, BrokerRetry retry) throws InterruptedException;
    }

    private ServiceTopics() {
    }

    /** Makes sure {@code topics} exist with their configs before {@code service} starts. */
    public static void provision(KafkaConnectionConfig config, String service, Collection<TopicSpec<?>> topics)
            throws InterruptedException {
        provision(config, service, topics, (admin, retry) -> null);
    }

    /**
     * Makes sure {@code topics} exist with their configs, then makes {@code then} on the same admin client, e.g. to
     * read a partition count the service depends on.
     */
    public static <T> T provision(KafkaConnectionConfig config, String service, Collection<TopicSpec<?>> topics,
            AdminCall<T> then) throws InterruptedException {
        try (Admin admin = Admin.create(config.adminConfigs())) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, BROKER_DEFAULT_REPLICATION);
            BrokerRetry retry = config.brokerRetry(() -> false);
            retry.run("provisioning the " + service + " topics", () -> provisioner.ensure(topics));
            return then.call(admin, retry);
        }
    }
}
