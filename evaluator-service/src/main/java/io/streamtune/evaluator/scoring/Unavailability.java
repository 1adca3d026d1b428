package io.streamtune.evaluator.scoring;

/**
 * Why a model could not be scored: the {@code reasonCode} of
 * {@link io.streamtune.evaluator.gate.ScoredModel.Unavailable},
 * also counted in metrics and written to evaluation events.
 */
public enum Unavailability {
    /** The location is absolute, climbs out with {@code ..}, or otherwise does not name a path inside the store. */
    LOCATION_OUTSIDE_STORE,
    /** No committed checkpoint at that location. */
    CHECKPOINT_MISSING,
    /** The checkpoint exists but a file is corrupt, unparsable, or does not fit the model it describes. */
    CHECKPOINT_UNREADABLE,
    /** The files are intact but are not the content the event announced. */
    CONTENT_HASH_MISMATCH,
    /** A validation example carries a label the model cannot predict. */
    LABEL_MISMATCH,
    /** The pre-trained base model could not be built. */
    BASE_MODEL_UNAVAILABLE,
    /** Not scored because the decision did not need it (e.g. the candidate itself was unavailable). */
    NOT_SCORED
}
