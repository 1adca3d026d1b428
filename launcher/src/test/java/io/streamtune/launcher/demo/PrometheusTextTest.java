package io.streamtune.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String SCRAPE = """
            # HELP streamtune_ingest_examples_dead_lettered_total Records refused
            # TYPE streamtune_ingest_examples_dead_lettered_total counter
            streamtune_ingest_examples_dead_lettered_total{reason="BLANK_TEXT"} 3.0
            streamtune_ingest_examples_dead_lettered_total{reason="UNKNOWN_LABEL",note="a b} c"} 4.0
            streamtune_trainer_train_loss 0.25
            streamtune_ingest_examples_accepted_total{task="spam",split="TRAIN"} 1.0E3 1700000000000
            broken_line{reason="x"} not-a-number
            """;

    @Test
    void shouldSumEverySeriesOfAMetricWhateverItsLabels() {
        PrometheusText text = PrometheusText.parse(SCRAPE);

        assertThat(text.count("streamtune_ingest_examples_dead_lettered_total")).isEqualTo(7);
        assertThat(text.sum("streamtune_trainer_train_loss")).isEqualTo(0.25);
        assertThat(text.count("streamtune_ingest_examples_accepted_total")).isEqualTo(1000);
    }

    @Test
    void shouldReportAnAbsentMetricAsNaNOrZero() {
        PrometheusText text = PrometheusText.parse(SCRAPE);

        assertThat(text.sum("broken_line")).isNaN();
        assertThat(text.count("streamtune_missing_total")).isZero();
        assertThat(PrometheusText.empty().sum("streamtune_trainer_train_loss")).isNaN();
    }
}
