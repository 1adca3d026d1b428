package io.streamtune.launcher;

import io.streamtune.ingest.IngestConfig;
import io.streamtune.ingest.IngestMain;
import picocli.CommandLine.Command;

/** {@code streamtune ingest}: the ingest service in the foreground. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Runs the ingest service (Kafka Streams, exactly-once): validates labeled examples, "
                + "dead-letters bad ones, drops duplicates, splits off validation data and packs training shards. "
                + "Settings come from --config, then STREAMTUNE_* environment variables, then the options below; "
                + "see ingest-service/README.md for every key. Stop with Ctrl-C."})
final class IngestCommand extends ServiceCommand<IngestConfig> {

    IngestCommand() {
        super(IngestMain.SERVICE);
    }
}
