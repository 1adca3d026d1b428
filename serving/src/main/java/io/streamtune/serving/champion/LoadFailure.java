package io.streamtune.serving.champion;

import java.time.Instant;

/**
 * Why a promoted model is not being served: the champion before it keeps answering.
 *
 * @param modelVersion the version that could not be loaded
 * @param reason       the kind of failure, the {@code reason} tag of the load-failure metric
 * @param message      what happened, for logs and the health detail
 * @param at           when it was found
 */
public record LoadFailure(String modelVersion, Reason reason, String message, Instant at) {

    /** Kinds of failure, each a value of the {@code reason} metric tag. */
    public enum Reason {
        /** The promotion's location is absolute, has {@code ..}, or otherwise points outside the store. */
        LOCATION_OUTSIDE_STORE,
        /** No committed checkpoint at the location, or one of its files is gone. */
        CHECKPOINT_MISSING,
        /** The checkpoint's content hash is not the one the promotion announced. */
        CONTENT_HASH_MISMATCH,
        /** A file does not match the SHA-256 its metadata records, or cannot be read. */
        CHECKPOINT_CORRUPT,
        /** Not a checkpoint this build reads: metadata, format version, tensors or labels do not fit. */
        WRONG_FORMAT,
        /** It loaded, but the warm-up prediction failed or gave no probabilities. */
        WARMUP_FAILED,
        /** The promotion record itself is not a promotion (not Avro in the registry's wire format, say). */
        UNDECODABLE_PROMOTION
    }

    @Override
    public String toString() {
        return modelVersion + " not loaded (" + reason + "): " + message;
    }
}
