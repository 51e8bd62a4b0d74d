package io.salvo.messaging;

/**
 * Receives a connection's messages on the poller thread ({@link CltReceiver#onMessage}): called
 * once per message, in order, synchronously; it must not block (send with {@code trySend} or
 * {@code sendAsync}, hand long work to another thread with a copy of the message). A flyweight
 * message is valid during the call only. See {@link MessageHandlers} for ready-made ones.
 *
 * @param <T> the message type
 */
@FunctionalInterface
public interface MessageHandler<T> {

    /** One message from {@code from}; throwing closes {@code from} with {@link CloseCause#HANDLER_FAILED}. */
    void onMessage(Clt<T> from, T message) throws Exception;

    /** The connection closed (after its last message was handed over). Default: nothing. */
    default void onClose(Clt<T> connection, ConnectionClosedException cause) {
    }
}
