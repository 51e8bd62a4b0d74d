package io.salvo.bench.compare;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The kernel's limit: {@code udpbench.c} on both sides, doing the same recvmmsg/sendmmsg, GSO and
 * GRO work as the Java systems (see the program's header). Present when {@code gcc} can build it.
 */
final class CPeer implements Peer {

    @Override
    public String name() {
        return "c";
    }

    @Override
    public boolean supports(Cell cell) {
        return true;
    }

    @Override
    public Side startReceiver(Cell cell) throws Exception {
        CProgram.Running rx = CProgram.start(0, 2, "rx", Integer.toString(cell.size()), cell.offload() ? "1" : "0");
        if (!rx.firstLine().startsWith("port ")) {
            rx.close();
            throw new java.io.IOException("udpbench rx did not report a port: " + rx.firstLine());
        }
        int port = Integer.parseInt(rx.firstLine().substring(5).strip());
        return rx.side(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    @Override
    public Side startSender(Cell cell, InetSocketAddress target) throws Exception {
        return sender(cell, target, false);
    }

    /**
     * The C sender: {@link Cell#segments()} datagrams per message, GSO when more than one; as a
     * {@code feeder} (not itself compared), from one cache-resident buffer, the cheapest way to keep a
     * receiver busy.
     */
    static Side sender(Cell cell, InetSocketAddress target, boolean feeder) throws Exception {
        CProgram.Running tx = feeder
                ? CProgram.start(1, 3, "tx", Integer.toString(target.getPort()), Integer.toString(cell.size()),
                        Integer.toString(cell.segments()), "feed")
                : CProgram.start(1, 3, "tx", Integer.toString(target.getPort()), Integer.toString(cell.size()),
                        Integer.toString(cell.segments()));
        return tx.side(null);
    }
}
