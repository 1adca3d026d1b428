/**
 * The control plane: {@link io.streamtune.schemas.TaskSpec}s on the compacted {@code tasks} topic, the rules every
 * spec must meet ({@link io.streamtune.tasks.TaskSpecRules}), and the {@link io.streamtune.tasks.TaskCatalog} each
 * service follows, reporting what it made of every version on {@code tasks.status}.
 */
package io.streamtune.tasks;
