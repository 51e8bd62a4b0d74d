package io.salvo.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salvo.testing.bpf.LinkImpairment;
import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.NetnsLab;
import io.salvo.testing.netns.VethLink;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code salvo-perf server} and {@code client} in two network namespaces, over a veth that loses
 * 10% and duplicates 5% of the data datagrams ({@link LinkImpairment} on the server's ingress; the
 * control datagrams are shorter than the impaired size and pass). The client's report balances
 * (sent = unique received + lost), sees the loss and the copies, and its counts stay within what
 * the link did: the link also impaired the round-trip probes and any datagram sent just before the
 * window opened, so "within", not "equal". Nothing unrecognised, nothing late, no hang.
 */
class LossyLinkServerClientTest extends CommandHarness {

    private static final int PORT = 4433; // each namespace has all its ports free

    @Test
    void theClientsReportBalancesOverALossyDuplicatingLink() throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns clientNs = lab.namespace("client");
            Netns serverNs = lab.namespace("server");
            VethLink link = lab.link(clientNs, serverNs);
            String serverAddress = link.b().ipv4().getHostAddress();
            try (LinkImpairment impairment = LinkImpairment.onIngress(link.b(), 0.10, 0.05, 500)) {
                AtomicInteger serverExit = new AtomicInteger(-1);
                // The namespace's own thread runs the server (its socket is created there) until --exit-after.
                Thread server = Thread.ofPlatform().name("server-in-netns").start(() -> {
                    try {
                        serverExit.set(serverNs.call(() -> SalvoPerf.execute("server", "--bind", serverAddress,
                                "--port", String.valueOf(PORT), "--exit-after", "20")));
                    } catch (Exception e) {
                        serverExit.set(-2);
                    }
                });
                awaitOutput("listening on " + serverAddress, new Background(server, serverExit));
                clearOutput();

                int code = clientNs.call(() -> SalvoPerf.execute("client", "--host", serverAddress, "--port",
                        String.valueOf(PORT), "--size", "1000", "--rate", "20000", "--duration", "1.5", "--warmup", "0",
                        "--json"));
                assertThat(code).as(stderr()).isZero();
                JsonNode json = new ObjectMapper().readTree(stdout().lines().filter(l -> l.startsWith("{"))
                        .findFirst().orElseThrow(() -> new AssertionError("no JSON in " + stdout())));
                JsonNode d = json.get("datagrams");
                long sent = d.get("sent").asLong();
                long lost = d.get("lost").asLong();
                long duplicated = d.get("duplicated").asLong();
                assertThat(sent).isPositive().isEqualTo(d.get("unique_received").asLong() + lost);
                assertThat(lost).as("lost, within what the link dropped").isPositive()
                        .isLessThanOrEqualTo(impairment.dropped());
                assertThat(duplicated).as("duplicated, within the copies the link made").isPositive()
                        .isLessThanOrEqualTo(impairment.duplicated());
                assertThat(d.get("unrecognised").asLong()).isZero();
                assertThat(d.get("late").asLong()).isZero();
                assertThat(json.get("drops").get("kernel_receive_overflow").asLong()).isZero();
            }
        }
    }
}
