package io.salvo.bench.messaging;

import io.salvo.bench.RoundTripClock;
import io.salvo.bench.LatencyRun;
import io.salvo.bench.tcp.OneWayRun;

import java.util.List;

/**
 * One system under test: a typed order-entry server and client over loopback TCP. Every run opens
 * its own server and connection and closes them before returning, so runs interleave freely.
 */
interface MessagingSystem {

    String name();

    /** The round-trip modes this system offers. */
    List<Mode> modes();

    /** Orders and their acks, one at a time, each ack checked against its order. */
    LatencyRun pingPong(Mode mode, RoundTripClock clock) throws Exception;

    /** A client streaming orders to a server as fast as it takes them; measured at the server after the warm-up. */
    OneWayRun oneWay(double warmupSeconds, double seconds) throws Exception;
}
