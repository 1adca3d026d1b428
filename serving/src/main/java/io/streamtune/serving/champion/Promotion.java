package io.streamtune.serving.champion;

import io.streamtune.schemas.PromotionEvent;

/**
 * A promotion as read from the topic.
 *
 * @param event           the decoded record
 * @param recordTimestamp the record's timestamp (when it was written), where swap latency starts
 * @param live            read after the start-up replay of the topic: a new promotion, not a past one
 */
record Promotion(PromotionEvent event, long recordTimestamp, boolean live) {
}
