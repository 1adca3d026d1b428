package io.streamtune.launcher.experiment;

import io.streamtune.model.LabeledText;
import io.streamtune.model.data.SpamAssassin;
import io.streamtune.model.data.SpamAssassin.Email;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SpamAssassin-shaped corpora for tests: emails whose text names their id, so a test can tell where each one went,
 * as records or as the package's files on disk.
 */
final class FakeCorpus {

    /** The real corpus's groups with a small number of emails each. */
    static final Map<String, Integer> GROUPS = Map.of("easy-ham-1", 250, "easy-ham-2", 140, "hard-ham-1", 25,
            "spam-1", 50, "spam-2", 140);

    private FakeCorpus() {
    }

    /** {@code count} emails per group of {@code groups}, numbered from 0, labelled as the corpus labels them. */
    static List<Email> emails(Map<String, Integer> groups) {
        List<Email> emails = new ArrayList<>();
        groups.forEach((group, count) -> {
            for (int i = 0; i < count; i++) {
                String id = group + "/" + i;
                emails.add(new Email(id, group, new LabeledText(text(id), group.startsWith("spam") ? "spam" : "ham")));
            }
        });
        return emails;
    }

    /** The text of the email with {@code id}; spam and ham use different words so a tiny model can learn them. */
    static String text(String id) {
        return (id.startsWith("spam") ? "win a free cash prize offer now " : "meeting agenda and review notes ")
                + id;
    }

    /** The id an email's {@link #text} names. */
    static String idOf(LabeledText example) {
        String text = example.text();
        return text.substring(text.lastIndexOf(' ') + 1);
    }

    /** Writes the corpus as {@code spam-assassin-<version>/package/data/<group>/<n>.json} under {@code cacheDir}. */
    static void write(Path cacheDir, Map<String, Integer> groups) throws IOException {
        Path data = cacheDir.resolve("spam-assassin-" + SpamAssassin.VERSION).resolve("package").resolve("data");
        for (Email email : emails(groups)) {
            Path dir = Files.createDirectories(data.resolve(email.group()));
            String number = email.id().substring(email.id().indexOf('/') + 1);
            Files.writeString(dir.resolve(number + ".json"), "{\"id\": \"" + number + "\", \"group\": \""
                    + email.group() + "\", \"text\": \"Subject: note\\n\\n" + text(email.id()) + "\"}");
        }
    }
}
