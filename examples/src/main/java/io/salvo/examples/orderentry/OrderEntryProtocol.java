package io.salvo.examples.orderentry;

import io.salvo.messaging.MessagingConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The two configurations of the protocol, as builders so a caller can change what it needs (a
 * shorter heartbeat in a test, its own {@link io.salvo.messaging.MessagingPoller}, more
 * connections): the framer and codec of {@link OrderEntryCodec}, the hooks of each side, and
 * limits that suit small messages.
 */
public final class OrderEntryProtocol {

    /** A side that sent nothing this long sends a heartbeat. */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    /** Silent intervals before a side gives up on its peer. */
    public static final int MISSED_HEARTBEATS = 3;
    /** How long a login may take, on either side. */
    public static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(5);
    /** A frame of at most 256 bytes that takes longer than this to arrive is a slowloris peer. */
    public static final Duration READ_DEADLINE = Duration.ofSeconds(5);

    private OrderEntryProtocol() {
    }

    /** The exchange's configuration: users and passwords in {@code accounts}, orders for {@code symbols}. */
    public static MessagingConfig.Builder<OrderEntry> exchange(Map<String, String> accounts, Set<String> symbols) {
        return common("exchange").hooks(new ExchangeHooks(accounts, symbols));
    }

    /** A trader's configuration: logs in as {@code user}. */
    public static MessagingConfig.Builder<OrderEntry> trader(String user, String password) {
        return common("trader-" + user).hooks(new TraderHooks(user, password));
    }

    private static MessagingConfig.Builder<OrderEntry> common(String name) {
        return MessagingConfig.builder(OrderEntryCodec.FRAMER, OrderEntryCodec::create)
                .name(name)
                .heartbeat(HEARTBEAT_INTERVAL, MISSED_HEARTBEATS)
                .handshakeTimeout(LOGIN_TIMEOUT)
                .readDeadline(READ_DEADLINE)
                .maxQueuedBytes(256 * 1024);
    }
}
