package io.salvo.examples.orderentry;

import io.salvo.examples.orderentry.OrderEntry.Ack;
import io.salvo.examples.orderentry.OrderEntry.Cancelled;
import io.salvo.examples.orderentry.OrderEntry.Login;
import io.salvo.examples.orderentry.OrderEntry.Reject;

import java.util.Objects;

/**
 * The trader's side of the protocol: logs in as {@code user} on connect ({@code connect} returns
 * only once the exchange accepted), sends heartbeats when idle, and drops anything but answers to
 * orders (counted as rejected in the connection's stats). Immutable, so thread-safe.
 */
public final class TraderHooks extends SessionHooks {

    private final Login login;

    /** @throws IllegalArgumentException later, at connect, if the user or password does not fit its field */
    public TraderHooks(String user, String password) {
        this.login = new Login(Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
    }

    @Override
    public OrderEntry loginRequest() {
        return login;
    }

    @Override
    public boolean reject(OrderEntry message) {
        return !(message instanceof Ack || message instanceof Reject || message instanceof Cancelled);
    }
}
