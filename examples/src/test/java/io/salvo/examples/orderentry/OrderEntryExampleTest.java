package io.salvo.examples.orderentry;

import io.salvo.examples.orderentry.OrderEntry.Ack;
import io.salvo.examples.orderentry.OrderEntry.Cancelled;
import io.salvo.examples.orderentry.OrderEntry.Reject;
import io.salvo.examples.orderentry.OrderEntry.RejectReason;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's example runs and says what its comments say; the README shows exactly its code. */
class OrderEntryExampleTest {

    private static final Path SOURCE = Path.of("src/main/java/io/salvo/examples/orderentry/OrderEntryExample.java");
    private static final Path README = Path.of("../README.md");

    @Test
    void theExampleGetsAnAckARejectAndACancel() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        OrderEntryExample.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                new Ack(1, 1).toString(),
                new Reject(2, RejectReason.BAD_QUANTITY, "quantity must be 1.." + ExchangeHooks.MAX_QUANTITY).toString(),
                new Cancelled(1, 1).toString());
    }

    @Test
    void theReadmeShowsTheExampleAsItIs() throws Exception {
        String source = Files.readString(SOURCE);
        int begin = source.indexOf("// README:begin\n");
        int end = source.indexOf("// README:end");
        assertThat(begin).as("markers in " + SOURCE).isPositive();
        assertThat(end).isGreaterThan(begin);
        // without the newline before the end marker: stripIndent counts a blank last line as unindented
        String region = source.substring(begin + "// README:begin\n".length(), source.lastIndexOf('\n', end));
        String snippet = region.stripIndent();
        assertThat(Files.readString(README)).as("README.md holds the lines between the markers of " + SOURCE
                + ", indentation removed").contains(snippet);
    }
}
