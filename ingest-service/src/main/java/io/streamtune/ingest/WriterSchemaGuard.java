package io.streamtune.ingest;

import io.streamtune.registry.SchemaRegistryClient;
import io.streamtune.registry.WireFormat;
import io.streamtune.registry.errors.RegistryRequestException;
import io.streamtune.registry.errors.RegistryUnavailableException;
import io.streamtune.registry.errors.WrongSchemaException;
import io.streamtune.schemas.LabeledExample;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The ingest service's example deserializer. It lets through only records whose writer schema is one the ingest
 * service takes as an example: a version of one
 * of {@code example.subjects}, or a record whose full name is one of {@code example.record.names}. Anything else
 * fails with {@link WrongSchemaException} before it is decoded, so a record of another type whose fields happen to
 * match is not taken as training data.
 *
 * <p>The registry deserializer reports an unreachable or failing registry as a serialization error too; those are
 * not the record's fault, so they are re-thrown as {@link IllegalStateException} and never dead-letter good records.
 *
 * <p>Verdicts are cached per schema id in a bounded LRU map: a record costs a registry request only for an id not
 * seen lately. A refusal is kept for {@link #REFUSAL_TTL_MS} only, since the same schema may be registered under an
 * expected subject later (and keeps its id).
 */
final class WriterSchemaGuard implements Deserializer<LabeledExample> {

    /** Schema ids whose verdict is remembered. */
    static final int CACHE_CAPACITY = 1024;
    /** How long a refusal is remembered. */
    static final long REFUSAL_TTL_MS = 60_000;

    /** What the guard asks the registry. */
    interface Registry {
        /** The schema with this global id; throws the registry serde's exceptions. */
        Schema schemaById(int id);

        /** The subjects under which this schema id is registered. */
        Set<String> subjectsOf(int id);

        /** The registry behind {@code client}. */
        static Registry of(SchemaRegistryClient client) {
            return new Registry() {
                @Override
                public Schema schemaById(int id) {
                    return client.schemaById(id);
                }

                @Override
                public Set<String> subjectsOf(int id) {
                    return client.subjectsOf(id);
                }
            };
        }
    }

    /** A cached verdict: {@code refusal} null when the schema is taken. */
    private record Verdict(String refusal, long expiresAtMs) {
    }

    private final Deserializer<LabeledExample> delegate;
    private final Registry registry;
    private final Set<String> subjects;
    private final Set<String> recordNames;
    private final LongSupplier clockMs;
    private final Map<Integer, Verdict> verdicts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Verdict> eldest) {
            return size() > CACHE_CAPACITY;
        }
    };

    WriterSchemaGuard(Deserializer<LabeledExample> delegate, Registry registry, Set<String> subjects,
                      Set<String> recordNames, LongSupplier clockMs) {
        this.delegate = delegate;
        this.registry = registry;
        this.subjects = Set.copyOf(subjects);
        this.recordNames = Set.copyOf(recordNames);
        this.clockMs = clockMs;
    }

    @Override
    public LabeledExample deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public LabeledExample deserialize(String topic, Headers headers, byte[] data) {
        try {
            if (data != null) {
                int id = WireFormat.schemaId(topic, data);
                String refusal = verdict(id).refusal();
                if (refusal != null) {
                    throw new WrongSchemaException(id, refusal, null);
                }
            }
            return headers == null ? delegate.deserialize(topic, data) : delegate.deserialize(topic, headers, data);
        } catch (RegistryUnavailableException | RegistryRequestException e) {
            throw new IllegalStateException("Schema registry failed while decoding from " + topic, e);
        }
    }

    private Verdict verdict(int id) {
        long now = clockMs.getAsLong();
        synchronized (verdicts) {
            Verdict cached = verdicts.get(id);
            if (cached != null && cached.expiresAtMs() > now) {
                return cached;
            }
        }
        // Asked outside the lock: registry requests are slow, and two threads asking at once is harmless.
        Verdict verdict = new Verdict(refusal(id), now + REFUSAL_TTL_MS);
        synchronized (verdicts) {
            verdicts.put(id, verdict.refusal() == null ? new Verdict(null, Long.MAX_VALUE) : verdict);
        }
        return verdict;
    }

    private String refusal(int id) {
        Schema writer = registry.schemaById(id);
        if (recordNames.contains(writer.getFullName())) {
            return null;
        }
        Set<String> registeredUnder = registry.subjectsOf(id);
        if (registeredUnder.stream().anyMatch(subjects::contains)) {
            return null;
        }
        return "writer schema " + writer.getFullName() + " (id " + id + ") is registered under " + registeredUnder
                + ", not under " + IngestConfig.EXAMPLE_SUBJECTS_CONFIG + " " + subjects
                + (recordNames.isEmpty() ? ""
                        : ", and its name is not one of " + IngestConfig.EXAMPLE_RECORD_NAMES_CONFIG
                + " " + recordNames);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
