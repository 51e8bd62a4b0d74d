package io.salvo.bench.messaging;

/**
 * The benchmark's protocol, the same for every system: a 64-byte order and a 24-byte ack, each
 * a frame with a 4-byte big-endian length (Netty's {@code LengthFieldPrepender(4)}). Both sides
 * decode every frame into one of these records, so every system pays for the same objects; the
 * difference is the library that moves them.
 *
 * <pre>
 * Order (64 B): type 'O' 1, side 1, 2 padding, quantity int32, sequence int64, clientOrderId int64,
 *               priceTicks int64, symbol 8 (ASCII in a long), account int64, sentNanos int64, 8 reserved
 * Ack   (24 B): type 'A' 1, 7 padding, sequence int64, orderId int64
 * </pre>
 */
sealed interface BenchMessage {

    byte ORDER = 'O';
    byte ACK = 'A';
    int ORDER_SIZE = 64;
    int ACK_SIZE = 24;
    int HEADER = 4;
    /** "BENCHSYM" as a big-endian long. */
    long SYMBOL = 0x42454E434853594DL;

    record Order(long sequence, long clientOrderId, long priceTicks, int quantity, byte side, long symbol, long account,
                 long sentNanos) implements BenchMessage {

        /** The order a sender sends as message {@code sequence}. */
        static Order number(long sequence) {
            return new Order(sequence, sequence + 1_000, 12_345 + (sequence & 0xFF), 100, (byte) (sequence & 1), SYMBOL, 42, 0);
        }
    }

    record Ack(long sequence, long orderId) implements BenchMessage {

        /** The exchange's answer to {@code order}. */
        static Ack of(Order order) {
            return new Ack(order.sequence(), order.clientOrderId() + 7);
        }

        /** Whether this answers {@code order}: anything else means the protocol broke. */
        boolean answers(Order order) {
            return sequence == order.sequence() && orderId == order.clientOrderId() + 7;
        }
    }

    /** A frame that is not what the protocol says. */
    static IllegalStateException damaged(String what) {
        return new IllegalStateException("damaged message: " + what);
    }
}
