package io.streamtune.evaluator.ops;

/** Values of {@link io.streamtune.schemas.PromotionEvent#getKind()}. */
public enum PromotionKind {
    /** The gate promoted a candidate that passed every rule. */
    PROMOTION,
    /** An operator made an earlier model the champion again. */
    ROLLBACK
}
