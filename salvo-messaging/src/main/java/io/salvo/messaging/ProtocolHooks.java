package io.salvo.messaging;

/**
 * The protocol around the application's messages: a login on connect, heartbeats, automatic
 * replies and a gate in front of the application. Every method has a no-op default, so a protocol
 * overrides only what it has.
 *
 * <p><b>Threads.</b> One instance serves every connection of a configuration, so an
 * implementation must be thread-safe (it usually keeps no state). A hook runs on the thread that
 * received the message: the poller thread, or an application thread inside {@code recv}; it must
 * not block. A message handed to a hook is valid during the call only (it may be a flyweight).
 *
 * <p><b>Order on receive.</b> For each message: the login exchange while it is pending, else
 * {@link #isHeartbeat} (counted, swallowed), {@link #reject} (counted, dropped),
 * {@link #autoReply} (reply sent, message swallowed), and only then the application.
 *
 * @param <T> the message type
 */
public interface ProtocolHooks<T> {

    /** Hooks that do nothing: no login, no heartbeats, every message to the application. */
    static <T> ProtocolHooks<T> none() {
        return new ProtocolHooks<>() {
        };
    }

    /**
     * Client side: the login request sent first after connecting, or null for no login (the
     * default). With one, {@code connect} returns only once {@link #isLoginAccepted} accepted the
     * first message back, within {@link MessagingConfig#handshakeTimeout()}.
     */
    default T loginRequest() {
        return null;
    }

    /**
     * Whether {@code response}, the answer to a login, accepts it (default: any answer does). Asked
     * on the client about the first message back, and on the server about its own answer: a
     * server that answers with a refusal sends it and then closes.
     */
    default boolean isLoginAccepted(T response) {
        return true;
    }

    /**
     * Server side: whether every accepted connection must log in first (default false). Until it
     * has, it is not handed to the application, and it is closed with
     * {@link CloseCause#HANDSHAKE_TIMEOUT} if it has not within the handshake timeout.
     */
    default boolean requiresLogin() {
        return false;
    }

    /**
     * Server side: the answer to a connection's first message, or null to refuse it without an
     * answer. A refusal (null, or an answer {@link #isLoginAccepted} does not accept) closes the
     * connection with {@link CloseCause#HANDSHAKE_REJECTED}.
     */
    default T answerLogin(T request) {
        return null;
    }

    /**
     * The message to send when nothing was sent for a heartbeat interval
     * ({@link MessagingConfig#heartbeatInterval()}), or null for none (the default). Called on the
     * poller thread.
     */
    default T heartbeat() {
        return null;
    }

    /** Whether {@code message} is a heartbeat: counted and not delivered (default false). */
    default boolean isHeartbeat(T message) {
        return false;
    }

    /**
     * A reply to send at once for {@code message}, which is then not delivered; null (the default)
     * delivers it. For pings, echoes, acknowledgements the application need not see.
     */
    default T autoReply(T message) {
        return null;
    }

    /** Whether to drop {@code message} before the application sees it; counted as rejected (default false). */
    default boolean reject(T message) {
        return false;
    }
}
