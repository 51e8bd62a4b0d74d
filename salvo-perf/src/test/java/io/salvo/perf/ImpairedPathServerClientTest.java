package io.salvo.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salvo.testing.bpf.LinkImpairment;
import io.salvo.testing.bpf.LinkReordering;
import io.salvo.testing.bpf.SendRefusal;
import io.salvo.testing.netns.Netns;
import io.salvo.testing.netns.NetnsLab;
import io.salvo.testing.netns.VethLink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code salvo-perf server} and {@code client} in two network namespaces over impaired paths (BPF
 * fixtures: the test kernel has no netem). A link losing 10% and duplicating 5% of the data
 * datagrams: the report balances (sent = unique received + lost) and its loss and copies stay
 * within what the link did (the link also hits the round-trip probes and any datagram sent just
 * before the window opened, so "within", not "equal"); nothing unrecognised, nothing late, no hang.
 * Sends refused by the client's own kernel: drops of their own, not loss. A quarter of the
 * datagrams held back: out of order, nothing lost. Small control datagrams are never impaired.
 */
class ImpairedPathServerClientTest extends CommandHarness {

    private static final int PORT = 4433; // each namespace has all its ports free

    /** Starts {@code salvo-perf server} on the namespace's own thread (its socket is created there) until --exit-after. */
    private Background serverIn(Netns serverNs, String address) throws InterruptedException {
        AtomicInteger exit = new AtomicInteger(-1);
        Thread server = Thread.ofPlatform().name("server-in-netns").start(() -> {
            try {
                exit.set(serverNs.call(() -> SalvoPerf.execute("server", "--bind", address,
                        "--port", String.valueOf(PORT), "--exit-after", "20")));
            } catch (Exception e) {
                exit.set(-2);
            }
        });
        Background b = new Background(server, exit);
        awaitOutput("listening on " + address, b);
        clearOutput();
        return b;
    }

    private JsonNode reportJson() throws Exception {
        return new ObjectMapper().readTree(stdout().lines().filter(l -> l.startsWith("{"))
                .findFirst().orElseThrow(() -> new AssertionError("no JSON in " + stdout())));
    }

    /**
     * Plain datagrams: the link's BPF programs act per packet, and a GSO message crosses the veth as
     * one packet (one drop would lose 64 datagrams), so the client's default offloads are turned off.
     */
    private static final String[] CLIENT_RUN = {"--size", "1000", "--rate", "20000", "--duration", "1.5", "--warmup", "0",
            "--no-gso", "--json"};

    private static String[] client(String host) {
        List<String> args = new ArrayList<>(List.of("client", "--host", host, "--port", String.valueOf(PORT)));
        args.addAll(List.of(CLIENT_RUN));
        return args.toArray(String[]::new);
    }

    @Test
    void theClientsReportBalancesOverALossyDuplicatingLink() throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns clientNs = lab.namespace("client");
            Netns serverNs = lab.namespace("server");
            VethLink link = lab.link(clientNs, serverNs);
            String serverAddress = link.b().ipv4().getHostAddress();
            try (LinkImpairment impairment = LinkImpairment.onIngress(link.b(), 0.10, 0.05, 500)) {
                serverIn(serverNs, serverAddress);
                int code = clientNs.call(() -> SalvoPerf.execute(client(serverAddress)));
                assertThat(code).as(stderr()).isZero();
                JsonNode json = reportJson();
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

    /**
     * 10% of the client's data datagrams refused by its own kernel with EPERM ({@link SendRefusal},
     * as a firewall's OUTPUT drop): the report counts them as {@code access_denied} drops, within
     * the kernel's refusals (a refusal after a {@code sendmmsg} call's first message is retried),
     * and not as sent, so nothing is lost on the way.
     */
    @Test
    void sendsRefusedWithEpermAreDropsOfTheirOwnAndNotLoss() throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns clientNs = lab.namespace("client");
            Netns serverNs = lab.namespace("server");
            VethLink link = lab.link(clientNs, serverNs);
            String serverAddress = link.b().ipv4().getHostAddress();
            try (SendRefusal refusal = SendRefusal.in(clientNs, 0.10, 500)) {
                serverIn(serverNs, serverAddress);
                int code = refusal.call(() -> SalvoPerf.execute(client(serverAddress)));
                assertThat(code).as(stderr()).isZero();
                JsonNode json = reportJson();
                JsonNode d = json.get("datagrams");
                long denied = json.get("drops").get("access_denied").asLong();
                assertThat(d.get("sent").asLong()).isPositive().isEqualTo(d.get("unique_received").asLong());
                assertThat(d.get("lost").asLong()).as("refused sends are not sent, so not lost").isZero();
                assertThat(denied).as("access_denied drops, within the kernel's refusals").isPositive()
                        .isLessThanOrEqualTo(refusal.refused());
                assertThat(json.get("drops").get("other_error").asLong()).isZero();
            }
        }
    }

    /**
     * A quarter of the client's data datagrams held back about a millisecond on a second,
     * rate-limited link ({@link LinkReordering}; no netem here): the report shows them out of order,
     * and nothing lost or duplicated.
     */
    @Test
    void datagramsHeldBackOnTheWayAreOutOfOrderNotLost() throws Exception {
        try (NetnsLab lab = NetnsLab.open()) {
            Netns clientNs = lab.namespace("client");
            Netns serverNs = lab.namespace("server");
            VethLink fast = lab.link(clientNs, serverNs);
            VethLink slow = lab.link(clientNs, serverNs);
            String serverAddress = fast.b().ipv4().getHostAddress();
            try (LinkReordering reordering = LinkReordering.divert(fast, slow, 0.25, 500, 8000)) {
                serverIn(serverNs, serverAddress);
                int code = clientNs.call(() -> SalvoPerf.execute("client", "--host", serverAddress, "--port",
                        String.valueOf(PORT), "--size", "1000", "--rate", "2000", "--duration", "1.5", "--warmup", "0",
                        "--no-gso", "--json"));
                assertThat(code).as(stderr()).isZero();
                JsonNode d = reportJson().get("datagrams");
                assertThat(d.get("sent").asLong()).isPositive().isEqualTo(d.get("unique_received").asLong());
                assertThat(d.get("lost").asLong()).isZero();
                assertThat(d.get("duplicated").asLong()).isZero();
                assertThat(d.get("out_of_order").asLong()).as("overtaken on the way").isPositive()
                        .isLessThanOrEqualTo(reordering.diverted());
            }
        }
    }
}
