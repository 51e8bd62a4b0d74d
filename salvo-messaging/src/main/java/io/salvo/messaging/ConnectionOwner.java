package io.salvo.messaging;

/** Who is told when a connection is ready for the application and when it closed: its service, if any. */
interface ConnectionOwner<T> {

    /** The connection logged in (or needed no login); hand it to the application. Poller thread or the opening thread. */
    void onReady(Clt<T> connection);

    /** The connection closed for {@code cause}; any thread, once. */
    void onClosed(Clt<T> connection, CloseCause cause);

    /** The owner of a client connection: nobody. */
    static <T> ConnectionOwner<T> none() {
        return new ConnectionOwner<>() {
            @Override
            public void onReady(Clt<T> connection) {
            }

            @Override
            public void onClosed(Clt<T> connection, CloseCause cause) {
            }
        };
    }
}
