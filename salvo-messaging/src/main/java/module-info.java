/**
 * Salvo messaging: typed messages over Salvo's transports. A {@link io.salvo.messaging.Framer} cuts
 * a byte stream into frames, a {@link io.salvo.messaging.Codec} turns a frame into a message and
 * back, and {@link io.salvo.messaging.Clt}/{@link io.salvo.messaging.Svc} carry them over TCP, Unix
 * streams or datagrams, non-blocking, blocking or asynchronously; see {@link io.salvo.messaging}.
 */
module io.salvo.messaging {
    requires transitive io.salvo.core;
    exports io.salvo.messaging;
    exports io.salvo.messaging.framing;
    exports io.salvo.messaging.codec;
}
