package io.salvo.internal;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Readiness waits for a non-blocking JDK channel: one selector per kind of interest, made on first
 * use (a reader and a writer may wait at once), closed with {@link #close()}. A wait on a channel
 * closed meanwhile returns true, so the caller's next call reports the close.
 */
public final class ChannelWaits {

    private final SelectableChannel channel;
    private final Selector[] selectors = new Selector[3];

    public ChannelWaits(SelectableChannel channel) {
        this.channel = channel;
    }

    /** Waits for one of {@link SelectionKey}'s {@code OP_READ}, {@code OP_WRITE} or {@code OP_ACCEPT}. */
    public boolean await(int op, long timeoutNanos) throws IOException {
        if (!channel.isOpen()) {
            return true;
        }
        Selector s;
        try {
            s = selector(op);
        } catch (java.nio.channels.ClosedChannelException e) {
            return true;
        }
        long millis = Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
        try {
            int n = s.select(millis);
            s.selectedKeys().clear();
            return n > 0 || !channel.isOpen();
        } catch (ClosedSelectorException closedMeanwhile) {
            return true;
        }
    }

    private synchronized Selector selector(int op) throws IOException {
        int i = op == SelectionKey.OP_READ ? 0 : op == SelectionKey.OP_WRITE ? 1 : 2;
        if (selectors[i] == null) {
            Selector s = Selector.open();
            try {
                channel.register(s, op);
            } catch (IOException | RuntimeException e) {
                s.close(); // the channel was closed meanwhile: do not leak the selector's descriptors
                throw e;
            }
            selectors[i] = s;
        }
        return selectors[i];
    }

    /** Closes the selectors (wakes their waiters). Idempotent. */
    public synchronized void close() {
        for (Selector s : selectors) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing to do: the selector is unusable either way
                }
            }
        }
    }
}
