package io.salvo.perf.sequence;

import java.util.Locale;

/**
 * The datagrams of one measured window, counted by sequence number: what the senders sent in the
 * window and what became of each. {@code sent = received + lost} holds by construction and exactly,
 * because both sides count the same datagrams: those stamped as sent in the window.
 *
 * @param sent     datagrams the senders handed to the transport in the window (accepted by the kernel)
 * @param received what arrived of them ({@link Arrivals#unique()}: each at most once)
 */
public record Tally(long sent, Arrivals received) {

    /** Sent and never received (late arrivals included: they could not be told from copies). */
    public long lost() {
        return sent - received.unique();
    }

    /** The balance as one line: {@code "1,000 sent = 990 unique received + 10 lost"}. */
    public String balanceLine() {
        return String.format(Locale.ROOT, "%,d sent = %,d unique received + %,d lost", sent, received.unique(), lost());
    }
}
