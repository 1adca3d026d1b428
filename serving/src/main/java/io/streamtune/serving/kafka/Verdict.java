package io.streamtune.serving.kafka;

import io.streamtune.schemas.InferenceRequest;

/** What becomes of one request record: scored, dead-lettered with a reason, or left for a later poll. */
sealed interface Verdict {

    /** A well-formed request of a served task, to be scored. */
    record Accepted(InferenceRequest request) implements Verdict {
    }

    /** A request refused for good: dead-lettered with {@code reason} and a human-readable {@code text}. */
    record Refused(InferenceReason reason, String text) implements Verdict {
    }

    /**
     * A request that cannot be answered yet through no fault of its own (no champion loaded, registry down): its
     * partition stops at it and it is read again later.
     */
    record Wait(String why) implements Verdict {
    }
}
