package io.streamtune.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpamAssassinTest {

    @Test
    void shouldKeepEachEmailsGroupAndLabelItByGroup(@TempDir Path data) throws Exception {
        write(data, "easy-ham-2", "7", "Subject: lunch\n\nsee you at noon");
        write(data, "hard-ham-1", "7", "Subject: invoice\n\nyour order shipped");
        write(data, "spam-2", "3", "Subject: prize\n\nyou won");

        var emails = SpamAssassin.emails(data);

        assertThat(emails).extracting(SpamAssassin.Email::id)
                .containsExactlyInAnyOrder("easy-ham-2/7", "hard-ham-1/7", "spam-2/3");
        assertThat(emails).allSatisfy(email -> {
            assertThat(email.id()).startsWith(email.group() + "/");
            assertThat(email.example().label()).isEqualTo(email.group().startsWith("spam") ? "spam" : "ham");
            assertThat(email.split()).isEqualTo(Split.of(email.id()));
        });
        assertThat(emails).filteredOn(email -> email.id().equals("hard-ham-1/7")).singleElement()
                .satisfies(email -> assertThat(email.example().text()).contains("invoice", "your order shipped"));
        assertThat(emails).isSortedAccordingTo((a, b) -> Split.orderKey(a.id()).compareTo(Split.orderKey(b.id())));
    }

    private static void write(Path data, String group, String id, String text) throws Exception {
        Path dir = Files.createDirectories(data.resolve(group));
        Files.writeString(dir.resolve(id + ".json"), "{\"id\": \"" + id + "\", \"group\": \"" + group
                + "\", \"text\": \"" + text.replace("\n", "\\n") + "\"}");
    }
}
