package io.streamtune.common.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster for its id every {@code interval} on a daemon thread and remembers whether it answered, for
 * readiness. The services' own clients wait quietly while the broker is down (a consumer's poll just returns
 * nothing), so their calls alone cannot tell an idle service from a disconnected one.
 */
public final class BrokerProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);

    private final Admin admin;
    private final Duration interval;
    private final ScheduledExecutorService executor;
    private volatile boolean reachable = true;

    /**
     * @param clientProperties connection and security settings of the cluster
     * @param interval         time between probes, also each probe's timeout
     * @param name             names the probe's thread and client, e.g. {@code trainer}
     */
    public BrokerProbe(Map<String, Object> clientProperties, Duration interval, String name) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        int timeout = (int) interval.toMillis();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, name + "-broker-probe");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        this.admin = Admin.create(props);
        this.interval = interval;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-broker-probe");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the broker answered the last probe (true until the first probe says otherwise). */
    public boolean reachable() {
        return reachable;
    }

    private void probe() {
        boolean answered;
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) interval.toMillis())).clusterId()
                    .get(interval.toMillis() * 2, TimeUnit.MILLISECONDS);
            answered = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            answered = false;
        }
        if (answered != reachable) {
            if (answered) {
                LOG.info("The broker answers again");
            } else {
                LOG.warn("The broker did not answer within {} ms: not ready until it does", interval.toMillis());
            }
        }
        reachable = answered;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
