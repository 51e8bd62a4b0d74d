package io.salvo.bench.compare;

/**
 * One cell of the comparison: a payload size and how the datagrams travel.
 *
 * @param size payload bytes per datagram
 * @param mode plain sockets, both offloads, or a GSO sender feeding a receiver without GRO
 */
public record Cell(int size, Mode mode) {

    /** How a cell's datagrams travel. */
    public enum Mode {
        /** Each system's own sender and receiver, one datagram per message each way. */
        PLAIN,
        /** Each system's own sender with GSO and receiver with GRO. */
        OFFLOAD,
        /**
         * The same GSO sender (the C program, or Salvo's when there is no compiler) feeding each
         * system's receiver without GRO: the receiver is the bottleneck, and only it is compared.
         */
        RECEIVER_BOUND;

        /** The mode for its command-line name ({@code plain}, {@code offload}, {@code rx-bound}), or null. */
        public static Mode parse(String name) {
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "plain" -> PLAIN;
                case "offload", "gso+gro" -> OFFLOAD;
                case "rx-bound" -> RECEIVER_BOUND;
                default -> null;
            };
        }
    }

    /** Largest UDP payload over IPv4: a GSO message must fit it. */
    static final int MAX_UDP_PAYLOAD = 65_507;

    /** A plain cell, or one with both offloads. */
    public Cell(int size, boolean offload) {
        this(size, offload ? Mode.OFFLOAD : Mode.PLAIN);
    }

    /** Both offloads: each system's own GSO sender and GRO receiver. */
    public boolean offload() {
        return mode == Mode.OFFLOAD;
    }

    /** The shared GSO sender feeds each system's receiver (no GRO). */
    public boolean receiverBound() {
        return mode == Mode.RECEIVER_BOUND;
    }

    /** Datagrams per sent message: up to 64 GSO segments within one UDP payload, or 1 without GSO. */
    public int segments() {
        return mode == Mode.PLAIN ? 1 : Math.max(1, Math.min(64, MAX_UDP_PAYLOAD / size));
    }

    public String label() {
        return size + " B" + switch (mode) {
            case PLAIN -> "";
            case OFFLOAD -> " GSO+GRO";
            case RECEIVER_BOUND -> " rx-bound";
        };
    }
}
