package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Codec;
import io.salvo.messaging.FramingException;

import java.util.Objects;

/**
 * A {@link Codec} of plain objects (records) from two functions, for messages written by hand:
 * <pre>{@code
 * Codec<Ping> ping = PlainCodec.of(
 *         (p, out) -> out.writeLong(p.nanos()),
 *         (in, offset, length) -> {
 *             if (length != 8) throw new FramingException("Ping is 8 bytes, got " + length);
 *             return new Ping(in.getLong(offset));
 *         });
 * }</pre>
 * The decoder must check {@code length} itself: the buffer's bounds checks stop at its window, which
 * may hold the next frame. An encoder that overruns the tailroom (an {@link IndexOutOfBoundsException}
 * from {@code out.writeXxx}) becomes a {@link FramingException}, and whatever it appended is taken
 * back. Decoding allocates what the decoder allocates; the caller may keep the result. Thread-safe
 * when the functions are.
 *
 * @param <T> the message type
 */
public final class PlainCodec<T> implements Codec<T> {

    /** Appends a message at {@code out}'s end. */
    @FunctionalInterface
    public interface Encoder<T> {
        void encode(T message, DatagramBuffer out) throws FramingException;
    }

    /** Reads a message from {@code length} bytes at {@code offset} of {@code in}'s payload. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(DatagramBuffer in, int offset, int length) throws FramingException;
    }

    private final Encoder<T> encoder;
    private final Decoder<T> decoder;

    private PlainCodec(Encoder<T> encoder, Decoder<T> decoder) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    public static <T> PlainCodec<T> of(Encoder<T> encoder, Decoder<T> decoder) {
        return new PlainCodec<>(encoder, decoder);
    }

    @Override
    public void encode(T message, DatagramBuffer out) throws FramingException {
        int before = out.length();
        try {
            encoder.encode(message, out);
        } catch (IndexOutOfBoundsException e) {
            out.setLength(before);
            throw new FramingException("message does not fit the tailroom of " + (out.tailroom()) + " bytes: " + e.getMessage());
        } catch (RuntimeException | FramingException e) {
            out.setLength(before);
            throw e;
        }
    }

    @Override
    public T decode(DatagramBuffer in, int offset, int length) throws FramingException {
        return decoder.decode(in, offset, length);
    }
}
