package io.streamtune.launcher.experiment;

import io.streamtune.model.LabeledText;
import java.util.List;

/**
 * The emails of one shift experiment, each list in corpus order.
 *
 * @param oldStream   streamed first
 * @param newStream   streamed second
 * @param oldHeldOut  old-domain emails scored at every checkpoint, never streamed
 * @param newHeldOut  new-domain emails scored at every checkpoint, never streamed
 * @param control     old-domain emails never streamed nor scored as held-out: the stationary control of drift
 */
public record ShiftData(List<LabeledText> oldStream, List<LabeledText> newStream, List<LabeledText> oldHeldOut,
        List<LabeledText> newHeldOut, List<LabeledText> control) {

    public ShiftData {
        oldStream = List.copyOf(oldStream);
        newStream = List.copyOf(newStream);
        oldHeldOut = List.copyOf(oldHeldOut);
        newHeldOut = List.copyOf(newHeldOut);
        control = List.copyOf(control);
    }
}
