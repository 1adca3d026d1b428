package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(KafkaBrokerExtension.class)
class SmokeCommandIT {

    @Test
    void shouldReadBackEveryRecordAndCountEarlierRuns(KafkaBroker broker) {
        String first = smoke(broker, 30);
        String second = smoke(broker, 20);

        assertThat(first).contains("Read back 30 records", "30 from this run, 0 from earlier runs", "OK");
        assertThat(second).contains("Read back 50 records", "20 from this run, 30 from earlier runs", "OK");
    }

    private static String smoke(KafkaBroker broker, int records) {
        StringWriter out = new StringWriter();
        CommandLine cli = Streamtune.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("smoke", "-b", broker.bootstrapServers(), "--records", String.valueOf(records));
        assertThat(code).as("exit code; output:%n%s", out).isZero();
        return out.toString();
    }
}
