/**
 * The one place ingest uses Kafka Streams internals (enforced by Checkstyle's import control): a pre-commit
 * callback for its own stores ({@link io.streamtune.ingest.internals.PreCommitStore}) and a changelog writer for
 * them ({@link io.streamtune.ingest.internals.ChangelogWriter}). Why the public API does not do, and what a Kafka
 * upgrade must re-check: the ingest README, "Kafka Streams internals".
 */
package io.streamtune.ingest.internals;
