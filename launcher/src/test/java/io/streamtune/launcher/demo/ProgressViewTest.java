package io.streamtune.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressViewTest {

    private static final RunRecord.Sample SAMPLE = new RunRecord.Sample(75, 600, 580, 12, 8, 9, 512, 0.3125, 7.5,
            Map.of("trainer", 64L));

    private static ProgressView.Status status() {
        return new ProgressView.Status(75, 600, 1200, SAMPLE, Map.of("good", 580L), 2, 1, "spam/0007", 300, 900,
                "spam/0007 · 240 answers · accuracy 0.950 (last 100: 0.970)");
    }

    @Test
    void shouldDrawBarsAndClocks() {
        assertThat(ProgressView.bar(1, 4)).startsWith("[#######.....................]").endsWith(" 25%");
        assertThat(ProgressView.bar(5, 0)).contains("  0%");
        assertThat(ProgressView.clock(605)).isEqualTo("10:05");
    }

    @Test
    void shouldShowEveryPartOfThePipelineInTheStatusBlock() {
        String block = String.join("\n", ProgressView.render(status()));

        assertThat(block).contains("1:15 / 10:00", "600 / 1,200", "accepted 580", "dead-lettered 12",
                "duplicates 8", "shards 9", "loss 0.3125", "7.5 examples/s", "champion spam/0007",
                "300 of 900 training examples", "trainer 64", "serving   spam/0007 · 240 answers");
    }

    @Test
    void shouldRedrawInPlaceOnATerminalAndPrintEveryNthBlockOtherwise() {
        StringWriter terminal = new StringWriter();
        ProgressView interactive = new ProgressView(new PrintWriter(terminal), true, 1);
        interactive.status(status());
        interactive.event("evaluated spam/0008");
        assertThat(terminal.toString()).contains("\033[8F\033[J").contains("evaluated spam/0008");

        StringWriter file = new StringWriter();
        ProgressView plain = new ProgressView(new PrintWriter(file), false, 3);
        plain.status(status());
        plain.status(status());
        assertThat(file.toString()).isEmpty();
        plain.status(status());
        assertThat(file.toString()).contains("accepted 580").doesNotContain("\033[");
    }
}
