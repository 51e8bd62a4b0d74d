package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;

import java.nio.charset.StandardCharsets;

/** A plain-object test codec: type (1 byte), id (8 bytes), text (UTF-8, the rest). Unknown types are refused. */
final class MsgCodec implements Codec<Msg> {

    @Override
    public void encode(Msg m, DatagramBuffer out) {
        out.writeByte(m.type()).writeLong(m.id()).writeBytes(m.text().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Msg decode(DatagramBuffer in, int offset, int length) throws FramingException {
        if (length < 9) {
            throw new FramingException("a message needs 9 bytes at least, got " + length);
        }
        int type = in.getByte(offset);
        if (type < 1 || type > Msg.MAX_TYPE) {
            throw new FramingException("unknown message type " + type);
        }
        byte[] text = new byte[length - 9];
        in.getBytes(offset + 9, text, 0, text.length);
        return new Msg(type, in.getLong(offset + 1), new String(text, StandardCharsets.UTF_8));
    }
}
