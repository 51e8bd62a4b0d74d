package io.salvo.stream.unix;

import io.salvo.stream.Peer;
import io.salvo.stream.StreamTransportContract;
import io.salvo.stream.Streams;

import java.io.IOException;

/** {@link UnixStreamTransport#pair()}: two connected, unnamed sockets; no listener, no connect. */
class UnixPairContractTest extends StreamTransportContract {

    @Override
    protected Connection openConnection(boolean resettablePeer) throws IOException {
        UnixStreamTransport[] pair = UnixStreamTransport.pair();
        Streams.assertKind(pair[0], "native-unix-stream");
        return new Connection(pair[0], Peer.of(pair[1]));
    }
}
