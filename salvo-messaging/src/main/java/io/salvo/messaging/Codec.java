package io.salvo.messaging;

import io.salvo.buffer.DatagramBuffer;

/**
 * Turns messages into bytes and back. Two styles, both first-class:
 * <ul>
 *   <li><b>Flyweight</b>: {@link #decode} returns one reused object that reads its fields straight
 *       from the frame's bytes: no allocation, and the object is valid only until the next receive
 *       on that connection (copy what you keep). For hot paths.</li>
 *   <li><b>Plain objects</b> (records): {@link #decode} returns a new object the caller may keep.
 *       Allocation allowed, for convenience.</li>
 * </ul>
 * {@link #isFlyweight()} says which, so callers that hand messages to other threads know to copy.
 *
 * <p>Codecs do no framing: they see a payload, never a length prefix or delimiter. A codec
 * instance may keep a flyweight and is then used by one connection's receiver at a time; make one
 * per connection ({@code Clt} and {@code Svc} take a factory for that).
 *
 * @param <T> the message type
 */
public interface Codec<T> {

    /**
     * Appends {@code message}'s encoding at {@code out}'s end (its tailroom).
     *
     * @throws FramingException if it does not fit in the tailroom
     * @throws IllegalArgumentException if the message cannot be encoded (a field out of range)
     */
    void encode(T message, DatagramBuffer out) throws FramingException;

    /**
     * Decodes the payload at {@code offset} (into {@code in}'s payload) of {@code length} bytes.
     *
     * @throws FramingException if the bytes are not a valid message (unknown type, wrong length): the
     *         connection that sent them is closed and counted
     */
    T decode(DatagramBuffer in, int offset, int length) throws FramingException;

    /** True when {@link #decode} returns a reused view over the frame rather than an object of its own. */
    default boolean isFlyweight() {
        return false;
    }
}
