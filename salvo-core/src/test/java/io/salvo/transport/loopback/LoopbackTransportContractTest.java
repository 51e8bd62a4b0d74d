package io.salvo.transport.loopback;

import io.salvo.transport.DatagramTransport;
import io.salvo.transport.DatagramTransportContract;

class LoopbackTransportContractTest extends DatagramTransportContract {

    private final LoopbackNetwork network = LoopbackNetwork.create();

    @Override
    protected DatagramTransport openEndpoint() {
        return network.open();
    }

    /** The receive queue is what a loopback endpoint holds. */
    @Override
    protected boolean receiverHoldsWhatABatchLeaves() {
        return true;
    }
}
