package io.salvo.bench.tcp;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Locale;

/**
 * One system under test: both ends of a loopback TCP connection, for a ping-pong run and for a
 * one-way run. Every run opens its own connection and closes it before returning, so the systems
 * can be interleaved freely.
 */
interface TcpSystem {

    /** What the system is, for the ratios: the kernel's limit, Salvo, or a Java peer. */
    enum Kind {
        C, SALVO, JAVA_PEER;

        @JsonValue
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    String name();

    Kind kind();

    /** The ping-pong flavours this system offers. */
    List<Flavour> flavours();

    /**
     * Round trips of one {@code size}-byte framed message, each reply checked against the request,
     * as many as {@code trips} asks for (its warm-up, then its count, within its time budget).
     */
    PingPongRun pingPong(Flavour flavour, int size, RoundTrips trips) throws Exception;

    /** One sender streaming {@code size}-byte frames to one receiver; measured at the receiver after the warm-up. */
    OneWayRun oneWay(int size, double warmupSeconds, double seconds) throws Exception;
}
