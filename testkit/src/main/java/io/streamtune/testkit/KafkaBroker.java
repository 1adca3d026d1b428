package io.streamtune.testkit;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A running Kafka broker handed to a test by {@link KafkaBrokerExtension}. */
public interface KafkaBroker {

    /** Bootstrap servers for clients, {@code host:port}. */
    String bootstrapServers();

    /** Which kind of broker this is: {@code docker} or {@code embedded}. */
    String kind();

    /** A new admin client for this broker; the caller closes it. */
    default Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }
}
