package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;

import java.nio.charset.StandardCharsets;

/**
 * A flyweight over the test protocol's bytes (or, for sending, a holder of values): the codec
 * points one instance per connection side at each frame it decodes, without allocating.
 */
final class MsgView {

    private DatagramBuffer buffer;
    private int offset;
    private int length;
    private int type;
    private long id;
    private String text;

    static MsgView of(int type, long id, String text) {
        MsgView v = new MsgView();
        v.type = type;
        v.id = id;
        v.text = text;
        return v;
    }

    MsgView wrap(DatagramBuffer b, int off, int len) {
        buffer = b;
        offset = off;
        length = len;
        return this;
    }

    int type() {
        return buffer == null ? type : buffer.getByte(offset);
    }

    long id() {
        return buffer == null ? id : buffer.getLong(offset + 1);
    }

    String text() {
        if (buffer == null) {
            return text;
        }
        byte[] bytes = new byte[length - 9];
        buffer.getBytes(offset + 9, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    Msg copy() {
        return new Msg(type(), id(), text());
    }

    /** The flyweight codec. */
    static final class Codec implements io.salvo.messaging.Codec<MsgView> {
        private final MsgView view = new MsgView();

        @Override
        public void encode(MsgView m, DatagramBuffer out) {
            out.writeByte(m.type()).writeLong(m.id()).writeBytes(m.text().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public MsgView decode(DatagramBuffer in, int offset, int length) throws FramingException {
            if (length < 9) {
                throw new FramingException("short message");
            }
            return view.wrap(in, offset, length);
        }

        @Override
        public boolean isFlyweight() {
            return true;
        }
    }

    /** PING answered with PONG, heartbeats swallowed. */
    static final class Hooks implements ProtocolHooks<MsgView> {
        @Override
        public boolean isHeartbeat(MsgView m) {
            return m.type() == Msg.HEARTBEAT;
        }

        @Override
        public MsgView autoReply(MsgView m) {
            return m.type() == Msg.PING ? MsgView.of(Msg.PONG, m.id(), "") : null;
        }
    }
}
