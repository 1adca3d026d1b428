package io.streamtune.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.common.kafka.TransactionErrors.Handling;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

class TransactionErrorsTest {

    @Test
    void shouldStopWhenAnotherInstanceTookOverTheTransactionalId() {
        assertThat(TransactionErrors.classify(new ProducerFencedException("fenced"))).isEqualTo(Handling.FATAL);
        assertThat(TransactionErrors.classify(new FencedInstanceIdException("static member taken")))
                .isEqualTo(Handling.FATAL);
    }

    @Test
    void shouldStopWhenTheClusterRefusesTheClient() {
        assertThat(TransactionErrors.classify(new TransactionalIdAuthorizationException("no ACL")))
                .isEqualTo(Handling.FATAL);
        assertThat(TransactionErrors.classify(new TopicAuthorizationException("no ACL"))).isEqualTo(Handling.FATAL);
        assertThat(TransactionErrors.classify(new AuthenticationException("bad login"))).isEqualTo(Handling.FATAL);
        assertThat(TransactionErrors.classify(new UnsupportedVersionException("old broker")))
                .isEqualTo(Handling.FATAL);
    }

    @Test
    void shouldStopWhenTheProducerLostItsSequenceState() {
        assertThat(TransactionErrors.classify(new OutOfOrderSequenceException("gap"))).isEqualTo(Handling.FATAL);
    }

    @Test
    void shouldStopWhenAFatalErrorIsTheCauseOfAnotherOne() {
        KafkaException wrapped = new KafkaException("commit failed", new ProducerFencedException("fenced"));

        assertThat(TransactionErrors.classify(wrapped)).isEqualTo(Handling.FATAL);
        assertThat(TransactionErrors.isFatal(wrapped)).isTrue();
    }

    @Test
    void shouldAbortOnEveryOtherKafkaError() {
        assertThat(TransactionErrors.classify(new TransactionAbortableException("coordinator aborted")))
                .isEqualTo(Handling.ABORTABLE);
        assertThat(TransactionErrors.classify(new InvalidProducerEpochException("transaction timed out")))
                .isEqualTo(Handling.ABORTABLE);
        assertThat(TransactionErrors.classify(new CommitFailedException("rebalanced"))).isEqualTo(Handling.ABORTABLE);
        assertThat(TransactionErrors.classify(new TimeoutException("send timed out"))).isEqualTo(Handling.ABORTABLE);
        assertThat(TransactionErrors.classify(new KafkaException("anything else"))).isEqualTo(Handling.ABORTABLE);
        assertThat(TransactionErrors.isFatal(new KafkaException("anything else"))).isFalse();
    }
}
