package io.salvo.bench.messaging;

import java.util.ArrayList;
import java.util.List;

/**
 * One of issue #10's targets, checked against the medians of a run: Salvo ahead of Netty on p99
 * (each Salvo mode against Netty's row of {@link Mode#nettyPeer()}) and on one-way messages/s.
 *
 * @param name   what is compared
 * @param value  the ratio measured (Salvo's median over Netty's)
 * @param limit  the ratio allowed
 * @param atMost true when the ratio must stay at or below the limit, false when at or above it
 * @param met    whether it did
 */
record MessagingTarget(String name, double value, double limit, boolean atMost, boolean met) {

    static MessagingTarget atMost(String name, double value, double limit) {
        return new MessagingTarget(name, value, limit, true, value <= limit);
    }

    static MessagingTarget atLeast(String name, double value, double limit) {
        return new MessagingTarget(name, value, limit, false, value >= limit);
    }

    /** The targets whose two rows both ran. */
    static List<MessagingTarget> check(MessagingResults r) {
        List<MessagingTarget> out = new ArrayList<>();
        for (Mode m : Mode.values()) {
            var salvo = r.roundTrips("salvo", m);
            var netty = r.nettyPeer(m);
            if (salvo.isPresent() && netty.isPresent()) {
                out.add(atMost("round trips " + m.label() + ": salvo p99 / netty-epoll " + m.nettyPeer().label(),
                        salvo.get().p99Micros().median() / netty.get().p99Micros().median(), 1.0));
            }
        }
        var salvo = r.oneWay("salvo");
        var netty = r.oneWay("netty-epoll");
        if (salvo.isPresent() && netty.isPresent()) {
            out.add(atLeast("one-way: salvo msg/s / netty-epoll",
                    salvo.get().messagesPerSecond().median() / netty.get().messagesPerSecond().median(), 1.0));
        }
        return out;
    }
}
