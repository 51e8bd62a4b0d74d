package io.salvo.bench.udplatency;

import com.fasterxml.jackson.annotation.JsonValue;
import io.salvo.bench.LatencyRun;
import io.salvo.bench.RoundTripClock;
import io.salvo.bench.tcp.Flavour;

import java.util.List;
import java.util.Locale;

/**
 * One system under test: its own UDP echo server and its own client on loopback, one datagram in
 * flight. Every run opens its own sockets (and threads or processes) and closes them before
 * returning, so systems can be interleaved freely. Both sides idle the same way ({@link Flavour}).
 */
interface LatencySystem {

    /** What the system is, for the ratios and targets. */
    enum Kind {
        /** The kernel's limit: plain C. */
        C,
        SALVO,
        /** Another Java library. */
        JAVA_PEER,
        /** A reference tool (sockperf): shown, not a target. */
        REFERENCE;

        @JsonValue
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    String name();

    Kind kind();

    /** The flavours this system offers. */
    List<Flavour> flavours();

    /**
     * Round trips of one {@code size}-byte probe, every echo checked against its probe, as many
     * as the clock asks for (its warm-up, then its count, within its time budget).
     *
     * @throws IllegalStateException if an echo differs from its probe or does not come back
     */
    LatencyRun pingPong(Flavour flavour, int size, RoundTripClock clock) throws Exception;
}
