package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Codec;
import io.salvo.messaging.FramingException;

import java.util.Objects;

/**
 * A {@link Codec} over one reused {@link Flyweight}: {@link #decode} wraps the view around the
 * frame's payload and returns it, allocating nothing; {@link #encode} appends the bytes of a
 * flyweight wrapped elsewhere (a message composed with {@link Flyweight#wrapAppend} in a scratch
 * buffer, or one received and forwarded).
 *
 * <p>The decoded view is valid until the next {@code decode} (the next receive on the connection):
 * one codec per connection, used by its receiver only. {@link #encode} keeps no state and may be
 * called from a sending thread at the same time.
 *
 * @param <F> the flyweight type
 */
public final class FlyweightCodec<F extends Flyweight> implements Codec<F> {

    private final F view;

    /** @param view the view {@link #decode} re-points and returns; owned by this codec from now on */
    public FlyweightCodec(F view) {
        this.view = Objects.requireNonNull(view, "view");
    }

    /** Appends {@code message}'s bytes. @throws FramingException if they do not fit {@code out}'s tailroom */
    @Override
    public void encode(F message, DatagramBuffer out) throws FramingException {
        message.copyTo(out);
    }

    /** Wraps the view around the payload; @throws FramingException if the flyweight rejects its length */
    @Override
    public F decode(DatagramBuffer in, int offset, int length) throws FramingException {
        view.wrap(in, offset, length);
        return view;
    }

    @Override
    public boolean isFlyweight() {
        return true;
    }
}
