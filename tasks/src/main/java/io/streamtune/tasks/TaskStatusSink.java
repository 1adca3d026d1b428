package io.streamtune.tasks;

import io.streamtune.schemas.TaskStatus;

/** Where a service reports what it made of each task spec version: {@link TaskStatusReporter}, or nowhere. */
@FunctionalInterface
public interface TaskStatusSink {

    /** Reports nothing (unit tests, tools). */
    TaskStatusSink NONE = status -> { };

    void report(TaskStatus status);
}
