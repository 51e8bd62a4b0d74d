/**
 * Salvo QUIC (optional; depends on Kwik, LGPL): a QUIC packet streamer and sender over Salvo's
 * datagram transports. {@link io.salvo.quic.QuicStreamer} takes one packet per unidirectional
 * stream with stake-weighted admission control; {@link io.salvo.quic.QuicSender} sends them;
 * {@link io.salvo.quic.kwik.TransportDatagramSocket} runs Kwik over any
 * {@link io.salvo.transport.DatagramTransport}.
 *
 * <p>Run it on the class path (as salvo-perf does): four workarounds for Kwik 0.10.8 reach Kwik
 * internals reflectively (see {@code PeerStreamCredit}, {@code KwikServers},
 * {@code ServerReceiveLoop}, {@code KwikHandshakes}). On the module path they need
 * {@code --add-opens tech.kwik.core/tech.kwik.core.impl=io.salvo.quic},
 * {@code tech.kwik.core/tech.kwik.core.stream=io.salvo.quic},
 * {@code tech.kwik.core/tech.kwik.core.server.impl=io.salvo.quic} and
 * {@code tech.kwik.core/tech.kwik.core.receive=io.salvo.quic}; without them they fall back
 * (nothing is confirmed; closing waits Kwik's 30 s; Kwik receives on its own two threads;
 * handshakes end only by Kwik's idle timeout).
 */
module io.salvo.quic {
    requires transitive io.salvo.core;
    requires transitive tech.kwik.core;

    exports io.salvo.quic;
    exports io.salvo.quic.admission;
    exports io.salvo.quic.kwik;
    exports io.salvo.quic.tls;
}
