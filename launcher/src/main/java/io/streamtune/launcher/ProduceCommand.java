package io.streamtune.launcher;

import io.streamtune.common.config.KafkaConnectionConfig;
import io.streamtune.common.kafka.Topics;
import io.streamtune.launcher.produce.ExampleLines;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.LabeledExample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamtune produce}: labeled examples from JSON lines to the examples topic, as any producer sends them. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Sends labeled examples of a task to the 'examples' topic: one JSON object per line, "
                + "{\"id\": \"t-1\", \"text\": \"...\", \"label\": \"billing\"} (optional: \"source\", \"eventTime\"), "
                + "from --file or standard input. Every line is checked first; nothing is sent when one is wrong.",
            "Exit codes: 0 sent, 1 broker or registry failure, 2 bad input."})
final class ProduceCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = {"-t", "--task"}, required = true, description = "Task of every example.")
    private String task;

    @Option(names = {"-f", "--file"}, description = "JSON lines file; standard input when absent.")
    private Path file;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ExampleLines.Parsed parsed = ExampleLines.parse(lines(), task, Instant.now());
        if (!parsed.problems().isEmpty()) {
            parsed.problems().forEach(problem -> err.println("Refused, nothing sent: " + problem));
            return 2;
        }
        try {
            send(parsed.examples());
        } catch (KafkaException | ExecutionException e) {
            err.println("Could not send the examples: " + (e.getCause() != null ? e.getCause() : e));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        spec.commandLine().getOut().println("Sent " + parsed.examples().size() + " example(s) of task " + task
                + " to " + Topics.EXAMPLES.name() + ".");
        return 0;
    }

    private List<String> lines() throws IOException {
        if (file != null) {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            return in.lines().toList();
        }
    }

    private void send(List<LabeledExample> examples) throws ExecutionException, InterruptedException {
        Map<String, Object> props = KafkaConnectionConfig.idempotentProducer(connection.kafka());
        try (AvroRegistrySerde<LabeledExample> serde = RegistrySerdes.specific(LabeledExample.class,
                connection.registry(), false);
                KafkaProducer<String, LabeledExample> producer = new KafkaProducer<>(props, new StringSerializer(),
                        serde.serializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (LabeledExample example : examples) {
                sent.add(producer.send(new ProducerRecord<>(Topics.EXAMPLES.name(), example.getId(), example)));
            }
            for (Future<RecordMetadata> acknowledged : sent) {
                acknowledged.get();
            }
        }
    }
}
