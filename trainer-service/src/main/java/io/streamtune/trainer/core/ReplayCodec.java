package io.streamtune.trainer.core;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.model.LabeledText;
import io.streamtune.trainer.replay.ReplayBuffer;
import java.io.IOException;

/** The replay buffer's whole state as JSON, the {@code replay.json} file of a trainer checkpoint. */
final class ReplayCodec {

    static final String FILE = "replay.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<ReplayBuffer.Snapshot<LabeledText>> TYPE = new TypeReference<>() {
    };

    private ReplayCodec() {
    }

    static byte[] encode(ReplayBuffer<LabeledText> buffer) throws IOException {
        return JSON.writeValueAsBytes(buffer.snapshot());
    }

    static ReplayBuffer<LabeledText> decode(byte[] json) throws IOException {
        return ReplayBuffer.restore(JSON.readValue(json, TYPE));
    }
}
