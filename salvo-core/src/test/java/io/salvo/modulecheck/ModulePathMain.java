package io.salvo.modulecheck;

import io.salvo.buffer.DatagramBuffer;
import io.salvo.transport.udp.UdpTransport;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Runs in a child JVM with io.salvo.core on the module path: moves a datagram, reports the kind and module. */
public final class ModulePathMain {

    private ModulePathMain() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (UdpTransport a = UdpTransport.bind(any); UdpTransport b = UdpTransport.bind(any)) {
            a.send(DatagramBuffer.allocate().writeInt(7), b.localAddress());
            DatagramBuffer in = DatagramBuffer.allocate();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (b.recv(in) == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            System.out.println("module=" + UdpTransport.class.getModule().getName() + " kind=" + a.capabilities().kind()
                    + " got=" + in.getInt(0));
        }
    }
}
