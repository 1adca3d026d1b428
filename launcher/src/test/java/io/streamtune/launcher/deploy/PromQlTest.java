package io.streamtune.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void shouldFindMetricNamesButNotFunctionsLabelsStringsOrNumbers() {
        String expression = "sum by (reason) (rate(a_total{job=~\"b_c|d\", reason!=\"x y\"}[10m] offset 6h))"
                + " / on () group_left sum(rate(e_total[10m])) > 2e9 unless on (job) up == 0";

        assertThat(PromQl.metricNames(expression)).containsExactlyInAnyOrder("a_total", "e_total", "up");
    }

    @Test
    void shouldFindTheMetricOfSubqueriesAndBareSelectors() {
        assertThat(PromQl.metricNames("deriv(max by (job) (lag_max >= 0)[30m:1m]) * 3600 > 0 and on (job) shards"))
                .containsExactlyInAnyOrder("lag_max", "shards");
    }

    @Test
    void shouldFindTheMetricOfAGrafanaVariableQuery() {
        assertThat(PromQl.variableMetricNames("label_values(streamtune_x_total, task)"))
                .containsExactly("streamtune_x_total");
    }
}
