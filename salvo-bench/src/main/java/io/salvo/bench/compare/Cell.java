package io.salvo.bench.compare;

/**
 * One cell of the comparison: a payload size, with or without the UDP offloads (GSO on send, GRO
 * on receive).
 */
public record Cell(int size, boolean offload) {

    public String label() {
        return size + " B" + (offload ? " GSO+GRO" : "");
    }
}
