package io.streamtune.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailTextTest {

    @Test
    void shouldKeepOnlyTheUnfoldedSubjectAndTheBody() {
        String raw = "From someone@example.com  Thu Aug 22 12:36:23 2002\r\n"
                + "Received: from mx1.example.com (mx1 [10.0.0.1])\r\n"
                + "Subject: Cheap meds,\r\n\tdelivered overnight\r\n"
                + "Message-Id: <123@example.com>\r\n"
                + "\r\n"
                + "<html><body><p>Order   <b>now</b></p></body></html>\r\n";

        assertThat(EmailText.subjectAndBody(raw)).isEqualTo("Cheap meds, delivered overnight Order now");
    }

    @Test
    void shouldCopeWithAMissingSubjectOrBody() {
        assertThat(EmailText.subjectAndBody("From: a@b\n\nhello there")).isEqualTo("hello there");
        assertThat(EmailText.subjectAndBody("Subject: only headers")).isEqualTo("only headers");
    }

    @Test
    void shouldSplitByIdAloneWithTheDocumentedProportions() {
        int test = 0;
        int validation = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            Split split = Split.of("group/" + i);
            assertThat(Split.of("group/" + i)).isEqualTo(split);
            test += split == Split.TEST ? 1 : 0;
            validation += split == Split.VALIDATION ? 1 : 0;
        }
        assertThat(test / (double) n).isBetween(0.18, 0.22);
        assertThat(validation / (double) n).isBetween(0.08, 0.12);
    }
}
