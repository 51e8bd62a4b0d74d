package io.salvo.testing.bpf;

import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.NetnsLab;
import io.salvo.testing.netns.VethLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The EIO fixture, checked with bare sendmsg calls (not Salvo's send path): GSO messages from the
 * sockets it covers fail with EIO, plain datagrams and every other socket pass.
 */
class GsoRefusalTest {

    private static final long EIO = -5;

    /** Receives what arrives within a generous wait for {@code expected}, and anything straggling after. */
    private static int drain(DatagramChannel ch, int expected) throws Exception {
        ch.configureBlocking(false);
        ByteBuffer in = ByteBuffer.allocate(2000);
        int seen = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen < expected && System.nanoTime() < deadline) {
            in.clear();
            if (ch.receive(in) != null) {
                seen++;
            } else {
                Thread.sleep(1);
            }
        }
        Thread.sleep(50);
        for (in.clear(); ch.receive(in) != null; in.clear()) {
            seen++;
        }
        return seen;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void gsoSendsFromCoveredSocketsFailWithEioWhilePlainOnesAndOtherSocketsPass(boolean v6) throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            assumeTrue(!v6 || lab.ipv6Available(), "no IPv6 in this kernel");
            Netns a = lab.namespace("a");
            Netns b = lab.namespace("b");
            VethLink link = lab.link(a, b);
            var family = v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            try (DatagramChannel inB = b.call(() -> DatagramChannel.open(family).bind(link.b().socketAddress(v6, 0)));
                 DatagramChannel inA = a.call(() -> DatagramChannel.open(family).bind(link.a().socketAddress(v6, 0)));
                 RawUdp uncovered = a.call(() -> new RawUdp(v6));
                 RawUdp fromB = b.call(() -> new RawUdp(v6));
                 GsoRefusal refusal = GsoRefusal.in(a);
                 RawUdp covered = refusal.call(() -> new RawUdp(v6))) {
                InetSocketAddress toB = (InetSocketAddress) inB.getLocalAddress();
                InetSocketAddress toA = (InetSocketAddress) inA.getLocalAddress();

                assertThat(covered.send(toB, 4000, 1000)).as("GSO from a covered socket, " + refusal).isEqualTo(EIO);
                assertThat(covered.send(toB, 1000, 1000)).as("one segment is still a GSO send").isEqualTo(EIO);
                assertThat(covered.send(toB, 1000, 0)).as("plain datagram from a covered socket").isEqualTo(1000);
                assertThat(refusal.refusals()).isEqualTo(2);
                assertThat(drain(inB, 1)).isEqualTo(1);

                assertThat(uncovered.send(toB, 4000, 1000)).as("GSO from a socket made outside call()").isEqualTo(4000);
                assertThat(fromB.send(toA, 4000, 1000)).as("GSO from another namespace").isEqualTo(4000);
                assertThat(drain(inB, 4)).isEqualTo(4);
                assertThat(drain(inA, 4)).isEqualTo(4);
                assertThat(refusal.refusals()).isEqualTo(2);

                if (!v6) {
                    assertThat(refusal.calibratedOffset(false)).as("IPv4: gso_size - addr in struct ipcm_cookie")
                            .isEqualTo(Btf.readVmlinux().offsetOf("ipcm_cookie", "gso_size")
                                    - Btf.readVmlinux().offsetOf("ipcm_cookie", "addr"));
                } else {
                    try (DatagramChannel inB4 = b.call(() -> DatagramChannel.open(StandardProtocolFamily.INET)
                            .bind(link.b().socketAddress(false, 0)));
                         RawUdp dualStack = refusal.call(() -> new RawUdp(true))) {
                        InetSocketAddress toB4 = (InetSocketAddress) inB4.getLocalAddress();
                        assertThat(dualStack.send(toB4, 4000, 1000)).as("v4-mapped GSO from a dual-stack socket").isEqualTo(EIO);
                        assertThat(dualStack.send(toB4, 1000, 0)).isEqualTo(1000);
                        assertThat(drain(inB4, 1)).isEqualTo(1);
                    }
                }
                refusal.close();
                assertThat(covered.send(toB, 4000, 1000)).as("GSO works again once the fixture is closed").isEqualTo(4000);
                assertThat(drain(inB, 4)).isEqualTo(4);
            }
        }
    }

    @Test
    void calibrationFindsTheSameOffsetsEveryTime() throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns a = lab.namespace("a");
            Set<String> offsets = new HashSet<>();
            for (int i = 0; i < 40; i++) { // kernel stack offsets are randomised per system call
                try (GsoRefusal refusal = GsoRefusal.in(a)) {
                    offsets.add(refusal.calibratedOffset(false) + "/" + refusal.calibratedOffset(true));
                }
            }
            assertThat(offsets).hasSize(1);
        }
    }
}
