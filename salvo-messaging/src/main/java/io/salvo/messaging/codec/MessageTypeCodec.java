package io.salvo.messaging.codec;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.messaging.Codec;
import io.salvo.messaging.FramingException;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Codec} for a protocol of several message types: each payload starts with a type field
 * (one unsigned byte, or two) and the rest is decoded by the codec registered for that type.
 * <pre>{@code
 * sealed interface OrderEntry permits Login, Heartbeat, NewOrder, Ack, Reject {}
 *
 * MessageTypeCodec<OrderEntry> codec = MessageTypeCodec.builder(OrderEntry.class)
 *         .register('L', Login.class, loginCodec)
 *         .register('H', Heartbeat.class, heartbeatCodec)
 *         .register('O', NewOrder.class, newOrderCodec)
 *         .build();
 * }</pre>
 * Encoding picks the codec by the message's class (its exact class first, then the first
 * registered supertype), writes the type and lets that codec append the body; on failure nothing
 * stays appended. Decoding finds the codec by type with a binary search over the registered types:
 * no allocation of its own. An unknown type, or a payload too short for the type field, is a
 * {@link FramingException}.
 *
 * <p>Flyweight when any registered codec is. It holds its codecs, and so their state: one per
 * connection when they keep a view, like any codec.
 *
 * @param <T> the messages' common supertype
 */
public final class MessageTypeCodec<T> implements Codec<T> {

    private record Entry<T>(int type, Class<? extends T> messageClass, Codec<T> codec) {}

    private final String baseName;
    private final int typeFieldSize;
    private final boolean littleEndian;
    private final int[] types;           // sorted
    private final Entry<T>[] byType;     // parallel to types
    private final Entry<T>[] inOrder;    // registration order, for encode's class lookup
    private final boolean flyweight;

    @SuppressWarnings("unchecked")
    private MessageTypeCodec(Builder<T> b) {
        this.baseName = b.baseName;
        this.typeFieldSize = b.typeFieldSize;
        this.littleEndian = b.byteOrder == ByteOrder.LITTLE_ENDIAN;
        this.inOrder = b.entries.toArray(new Entry[0]);
        this.byType = inOrder.clone();
        Arrays.sort(byType, (x, y) -> Integer.compare(x.type, y.type));
        this.types = Arrays.stream(byType).mapToInt(Entry::type).toArray();
        this.flyweight = Arrays.stream(inOrder).anyMatch(e -> e.codec.isFlyweight());
    }

    /** A builder for messages of {@code base} and its subtypes; the class names them in messages. */
    public static <T> Builder<T> builder(Class<T> base) {
        return new Builder<>(base.getSimpleName());
    }

    /** The bytes of the type field: 1 or 2. */
    public int typeFieldSize() {
        return typeFieldSize;
    }

    /**
     * @throws FramingException if the message does not fit {@code out}'s tailroom
     * @throws IllegalArgumentException if no codec is registered for the message's class, or its codec refuses it
     */
    @Override
    public void encode(T message, DatagramBuffer out) throws FramingException {
        Entry<T> entry = entryFor(message);
        if (out.tailroom() < typeFieldSize) {
            throw new FramingException("the " + typeFieldSize + "-byte message type does not fit the tailroom of "
                    + out.tailroom());
        }
        int base = out.length();
        if (typeFieldSize == 1) {
            out.writeByte(entry.type);
        } else if (littleEndian) {
            out.writeShortLE(entry.type);
        } else {
            out.writeShort(entry.type);
        }
        try {
            entry.codec.encode(message, out);
        } catch (FramingException | RuntimeException e) {
            out.setLength(base);
            throw e;
        }
    }

    /** @throws FramingException if the payload is shorter than the type field, the type is unknown, or its codec rejects the body */
    @Override
    public T decode(DatagramBuffer in, int offset, int length) throws FramingException {
        if (length < typeFieldSize) {
            throw new FramingException("a payload of " + length + " bytes has no room for the " + typeFieldSize
                    + "-byte message type");
        }
        int type = typeFieldSize == 1 ? in.getByte(offset) & 0xFF
                : (littleEndian ? in.getShortLE(offset) : in.getShort(offset)) & 0xFFFF;
        int index = Arrays.binarySearch(types, type);
        if (index < 0) {
            throw new FramingException("unknown " + baseName + " message type " + type + "; known: " + Arrays.toString(types));
        }
        return byType[index].codec.decode(in, offset + typeFieldSize, length - typeFieldSize);
    }

    @Override
    public boolean isFlyweight() {
        return flyweight;
    }

    private Entry<T> entryFor(T message) {
        Objects.requireNonNull(message, "message");
        Class<?> c = message.getClass();
        for (Entry<T> e : inOrder) {
            if (e.messageClass == c) {
                return e;
            }
        }
        for (Entry<T> e : inOrder) {
            if (e.messageClass.isInstance(message)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no " + baseName + " codec registered for " + c.getName());
    }

    /** Types and their codecs; not thread-safe. */
    public static final class Builder<T> {
        private final String baseName;
        private final List<Entry<T>> entries = new ArrayList<>();
        private int typeFieldSize = 1;
        private ByteOrder byteOrder = ByteOrder.BIG_ENDIAN;

        private Builder(String baseName) {
            this.baseName = baseName;
        }

        /** 1 (the default) or 2 bytes, unsigned. Set it before registering types. */
        public Builder<T> typeFieldSize(int bytes) {
            if (bytes != 1 && bytes != 2) {
                throw new IllegalArgumentException("type field size must be 1 or 2 bytes, got " + bytes);
            }
            if (!entries.isEmpty()) {
                throw new IllegalStateException("set the type field size before registering types");
            }
            this.typeFieldSize = bytes;
            return this;
        }

        /** The order of a 2-byte type field: big-endian by default. */
        public Builder<T> byteOrder(ByteOrder order) {
            this.byteOrder = Objects.requireNonNull(order, "order");
            return this;
        }

        /**
         * Messages of {@code messageClass} travel with {@code type} and are encoded by {@code codec}.
         *
         * @throws IllegalArgumentException if the type does not fit the type field, or the type or
         *         class is registered already
         */
        @SuppressWarnings("unchecked")
        public <S extends T> Builder<T> register(int type, Class<S> messageClass, Codec<S> codec) {
            Objects.requireNonNull(messageClass, "messageClass");
            Objects.requireNonNull(codec, "codec");
            int max = typeFieldSize == 1 ? 0xFF : 0xFFFF;
            if (type < 0 || type > max) {
                throw new IllegalArgumentException("type " + type + " does not fit a " + typeFieldSize
                        + "-byte type field [0, " + max + "]");
            }
            for (Entry<T> e : entries) {
                if (e.type == type) {
                    throw new IllegalArgumentException("type " + type + " is registered already for "
                            + e.messageClass.getSimpleName());
                }
                if (e.messageClass == messageClass) {
                    throw new IllegalArgumentException(messageClass.getSimpleName() + " is registered already as type " + e.type);
                }
            }
            // Sound: encode hands this codec only instances of messageClass, decode returns S, an T.
            entries.add(new Entry<>(type, messageClass, (Codec<T>) codec));
            return this;
        }

        /** @throws IllegalStateException if no type is registered */
        public MessageTypeCodec<T> build() {
            if (entries.isEmpty()) {
                throw new IllegalStateException("register at least one message type");
            }
            return new MessageTypeCodec<>(this);
        }
    }
}
