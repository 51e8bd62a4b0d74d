package io.salvo.messaging;

/**
 * The protocol's share of received messages: heartbeats, rejected messages and those answered
 * automatically are counted and never delivered. Also screens what is buffered ahead of the
 * application, so protocol messages are handled even while the application does not receive.
 * Guarded by the receive side's lock; the counters are readable from anywhere.
 */
final class ProtocolGate<T> {

    private final AbstractConnection<T> conn;
    private final ProtocolHooks<T> hooks;
    /** A codec of its own: screening must not move the application's flyweight. */
    private final Codec<T> screeningCodec;
    /** The next frame was screened: it is for the application, the hooks were asked already. */
    private boolean headScreened;
    /** Its message, when the codec makes plain objects (so it is not decoded twice); null otherwise. */
    private T screenedMessage;

    volatile long rejected;
    volatile long autoReplied;
    volatile long heartbeatsIn;

    ProtocolGate(AbstractConnection<T> conn, Codec<T> screeningCodec) {
        this.conn = conn;
        this.hooks = conn.config.hooks();
        this.screeningCodec = screeningCodec;
    }

    /** Whether {@code m} is the protocol's (counted, answered if need be): then it is not delivered. */
    boolean consumed(T m) {
        try {
            if (hooks.isHeartbeat(m)) {
                heartbeatsIn++;
                return true;
            }
            if (hooks.reject(m)) {
                rejected++;
                return true;
            }
            T reply = hooks.autoReply(m);
            if (reply != null) {
                autoReplied++;
                conn.sendAutomatic(reply);
                return true;
            }
            return false;
        } catch (RuntimeException hookFailed) {
            conn.close(CloseCause.HANDLER_FAILED, "a protocol hook threw " + hookFailed, hookFailed);
            return true;
        }
    }

    /**
     * Consumes the protocol's messages at the head of what is buffered, up to the first one for the
     * application, which is marked so the hooks are not asked twice. The frame the application
     * holds, if any, is not touched.
     *
     * @return how many messages it consumed
     */
    int screen(Inbound frames) {
        int consumed = 0;
        while (!headScreened && !conn.isClosed()) {
            int length = 0;
            try {
                length = frames.peekLength();
                if (length == 0) {
                    return consumed;
                }
                int at = frames.peekOffset();
                T m = screeningCodec.decode(frames.peekBuffer(), at + frames.payloadOffset(at, length),
                        frames.payloadLength(at, length));
                if (!consumed(m)) {
                    headScreened = true;
                    screenedMessage = screeningCodec.isFlyweight() ? null : m;
                    return consumed;
                }
                consumed++;
                frames.dropPeeked();
            } catch (FramingException | RuntimeException e) {
                refused(frames, length, e);
                return consumed;
            }
        }
        return consumed;
    }

    boolean isHeadScreened() {
        return headScreened;
    }

    /** The screened message to hand over as is (plain objects), or null; forgets the screening either way. */
    T takeScreened() {
        T m = screenedMessage;
        headScreened = false;
        screenedMessage = null;
        return m;
    }

    /** A frame the codec refused: the stream cannot be trusted past it. */
    void refused(Inbound frames, int length, Exception e) {
        frames.discardUntaken();
        conn.close(CloseCause.DECODE_ERROR, "the codec refused a frame of " + length + " bytes: " + e.getMessage(), e);
    }
}
