package io.streamtune.tasks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.schemas.TaskSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;

/** Settings of a {@link TaskCatalog}; {@link #start()} begins following the topic. */
public final class TaskCatalogBuilder {
    final String service;
    final KafkaConnectionConfig config;
    String instance = ProcessHandle.current().pid() + "@" + hostName();
    TaskSpecCheck check = TaskSpecCheck.NONE;
    Map<String, TaskSpec> pinned = Map.of();
    TaskCatalog.Listener listener = TaskCatalog.Listener.NONE;
    TaskStatusSink status;
    MeterRegistry meters = new SimpleMeterRegistry();
    Clock clock = Clock.systemUTC();

    TaskCatalogBuilder(String service, KafkaConnectionConfig config) {
        this.service = service;
        this.config = config;
    }

    /** The service's own demands on a spec, beyond {@link TaskSpecRules}. */
    public TaskCatalogBuilder check(TaskSpecCheck value) {
        this.check = value;
        return this;
    }

    /** Tasks from static config: followed from the start, the topic's versions of them ignored. */
    public TaskCatalogBuilder pinned(Map<String, TaskSpec> value) {
        this.pinned = value;
        return this;
    }

    public TaskCatalogBuilder listener(TaskCatalog.Listener value) {
        this.listener = value;
        return this;
    }

    /** Where statuses go; default: a {@link TaskStatusReporter} on the service's cluster, closed with it. */
    public TaskCatalogBuilder status(TaskStatusSink value) {
        this.status = value;
        return this;
    }

    /** The reporting instance's name in statuses, e.g. the static member id; default pid@host. */
    public TaskCatalogBuilder instance(String value) {
        this.instance = value;
        return this;
    }

    public TaskCatalogBuilder meters(MeterRegistry value) {
        this.meters = value;
        return this;
    }

    public TaskCatalogBuilder clock(Clock value) {
        this.clock = value;
        return this;
    }

    /** Starts following the topic on a daemon thread named {@code task-catalog-<service>}. */
    public TaskCatalog start() {
        TaskCatalog catalog = new TaskCatalog(this);
        catalog.startFollowing();
        return catalog;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
