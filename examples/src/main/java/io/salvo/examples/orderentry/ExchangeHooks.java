package io.salvo.examples.orderentry;

import io.salvo.examples.orderentry.OrderEntry.CancelOrder;
import io.salvo.examples.orderentry.OrderEntry.Login;
import io.salvo.examples.orderentry.OrderEntry.LoginAccepted;
import io.salvo.examples.orderentry.OrderEntry.LoginRejected;
import io.salvo.examples.orderentry.OrderEntry.NewOrder;
import io.salvo.examples.orderentry.OrderEntry.Reject;
import io.salvo.examples.orderentry.OrderEntry.RejectReason;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exchange's side of the protocol, everything that needs no memory of earlier orders:
 * <ul>
 *   <li><b>Login.</b> Every connection must log in first, with a user and password in
 *       {@code accounts}; until then the application never sees it, and one that does not within
 *       the handshake timeout is closed. A wrong password is answered with {@link LoginRejected}
 *       and the connection closed.</li>
 *   <li><b>Validation.</b> A {@link NewOrder} for a symbol not listed, with a quantity outside
 *       {@code 1..}{@link #MAX_QUANTITY} or a price that is not positive is answered at once with a
 *       {@link Reject} by {@link #autoReply}: the application only ever sees orders that are valid
 *       on their own.</li>
 *   <li><b>The gate.</b> Anything a trader has no business sending once logged in (a second
 *       {@link Login}, an {@code Ack}, ...) is dropped by {@link #reject} and counted in the
 *       connection's and the service's stats.</li>
 * </ul>
 * Checks that need state (a duplicate order id, cancelling an order that is not live) are the
 * application's: {@link Exchange}.
 *
 * <p>Thread-safe: the maps are immutable copies and the session counter atomic. Hooks run on the
 * poller thread and do not block.
 */
public final class ExchangeHooks extends SessionHooks {

    /** The largest quantity one order may have. */
    public static final int MAX_QUANTITY = 1_000_000;

    private final Map<String, String> accounts;
    private final Set<String> symbols;
    private final AtomicLong sessions = new AtomicLong();

    /**
     * @param accounts user to password
     * @param symbols  the symbols orders may name
     */
    public ExchangeHooks(Map<String, String> accounts, Set<String> symbols) {
        this.accounts = Map.copyOf(accounts);
        this.symbols = Set.copyOf(symbols);
    }

    @Override
    public boolean requiresLogin() {
        return true;
    }

    @Override
    public OrderEntry answerLogin(OrderEntry request) {
        if (request instanceof Login(String user, String password) && password.equals(accounts.get(user))) {
            return new LoginAccepted(sessions.incrementAndGet());
        }
        return new LoginRejected(request instanceof Login ? "unknown user or wrong password" : "log in first");
    }

    @Override
    public boolean reject(OrderEntry message) {
        return !(message instanceof NewOrder || message instanceof CancelOrder);
    }

    @Override
    public OrderEntry autoReply(OrderEntry message) {
        if (!(message instanceof NewOrder order)) {
            return null;
        }
        if (!symbols.contains(order.symbol())) {
            return new Reject(order.clientOrderId(), RejectReason.UNKNOWN_SYMBOL, "unknown symbol " + order.symbol());
        }
        if (order.quantity() < 1 || order.quantity() > MAX_QUANTITY) {
            return new Reject(order.clientOrderId(), RejectReason.BAD_QUANTITY, "quantity must be 1.." + MAX_QUANTITY);
        }
        if (order.priceTicks() <= 0) {
            return new Reject(order.clientOrderId(), RejectReason.BAD_PRICE, "price must be positive");
        }
        return null;
    }
}
