package io.streamtune.launcher.demo;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.OffsetRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer of labeled examples, as users run one: sends a {@link ReplayPlan} to the examples topic through the
 * registry serde at a steady rate, on its own thread. Where each training example landed, and when, goes to
 * {@link Freshness}.
 */
public final class Replay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);

    private final ReplayPlan plan;
    private final double ratePerSecond;
    private final Freshness freshness;
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<LabeledExample> serializer;
    private final Map<ReplayPlan.Kind, AtomicLong> sent = new EnumMap<>(ReplayPlan.Kind.class);
    /** Where each good training example landed: (partition, offset) packed in a long. */
    private final Map<Long, LabeledExample> trainingByPosition = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopped;
    private boolean closed;

    public Replay(ReplayPlan plan, double ratePerSecond, PipelineSpec spec, Freshness freshness) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + ratePerSecond);
        }
        this.plan = plan;
        this.ratePerSecond = ratePerSecond;
        this.freshness = freshness;
        for (ReplayPlan.Kind kind : ReplayPlan.Kind.values()) {
            sent.put(kind, new AtomicLong());
        }
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        this.serializer = RegistrySerdes.specific(LabeledExample.class,
                Map.of("schema.registry.url", spec.registryUrl()), false).serializer();
        this.thread = new Thread(this::run, "demo-replay");
        thread.setDaemon(true);
    }

    /** Starts sending. */
    public void start() {
        thread.start();
    }

    private void run() {
        long started = System.nanoTime();
        int index = 0;
        try {
            for (ReplayPlan.Item item : plan.items()) {
                if (stopped) {
                    return;
                }
                // Paced against the start, not the previous send, so a slow send does not lower the rate.
                long due = started + (long) (index / ratePerSecond * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                send(item);
                index++;
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopped) { // else: interrupted by close(), mid-send
                LOG.error("Replay failed after {} records", index, e);
                failure.set(e);
            }
        }
    }

    private void send(ReplayPlan.Item item) {
        byte[] value;
        if (item.example() == null) {
            value = item.raw();
        } else {
            LabeledExample example = item.example();
            if (Instant.EPOCH.equals(example.getEventTime())) {
                example = LabeledExample.newBuilder(example).setEventTime(Instant.now()).build();
            }
            value = serializer.serialize(Topics.EXAMPLES.name(), example);
        }
        long sentAt = System.currentTimeMillis();
        LabeledExample sentExample = item.example();
        producer.send(new ProducerRecord<>(Topics.EXAMPLES.name(), item.key(), value), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            } else if (item.train()) {
                freshness.produced(metadata.partition(), metadata.offset(), sentAt);
                trainingByPosition.put(position(metadata.partition(), metadata.offset()), sentExample);
            }
        });
        sent.get(item.kind()).incrementAndGet();
    }

    private static long position(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }

    /** The good training examples this replay wrote within {@code ranges} of the examples topic. */
    public List<LabeledExample> trainingExamplesIn(Collection<OffsetRange> ranges) {
        List<LabeledExample> found = new ArrayList<>();
        for (OffsetRange range : ranges) {
            if (!Topics.EXAMPLES.name().equals(range.getTopic())) {
                continue;
            }
            for (long offset = range.getFirstOffset(); offset <= range.getLastOffset(); offset++) {
                LabeledExample example = trainingByPosition.get(position(range.getPartition(), offset));
                if (example != null) {
                    found.add(example);
                }
            }
        }
        return found;
    }

    /** Records sent so far, of every kind. */
    public long sent() {
        return sent.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Records sent so far, by kind. */
    public Map<String, Long> sentByKind() {
        Map<String, Long> counts = new LinkedHashMap<>();
        sent.forEach((kind, count) -> counts.put(kind.name().toLowerCase(), count.get()));
        return counts;
    }

    /** Whether every record of the plan was sent (and acknowledged). */
    public boolean finished() {
        return !thread.isAlive() && sent() == plan.size();
    }

    /** The first send error, if any. */
    public Exception failure() {
        return failure.get();
    }

    public ReplayPlan plan() {
        return plan;
    }

    /** Stops sending; records already handed to the producer are flushed. */
    @Override
    public synchronized void close() {
        if (stopped && !thread.isAlive() && closed) {
            return;
        }
        closed = true;
        stopped = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        serializer.close();
    }
}
