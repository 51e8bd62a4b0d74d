package io.salvo.quic;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Sends each packet to many QUIC servers (Solana's leader fan-out), with one {@link QuicSender},
 * hence one connection, per target, opened on first use and kept. A target that cannot be reached
 * does not stop the others: its failure is counted and the next packet tries to connect again.
 *
 * <p><b>Blocking.</b> Sends go to the targets one after another; each may block while that target
 * has {@link QuicSenderConfig#maxInFlight()} packets unconfirmed, so a slow target slows the loop.
 * Not thread-safe: one thread sends.
 */
public final class MultiTargetSender implements AutoCloseable {

    private final QuicSenderConfig config;
    private final TransportFactory transports;
    private final Function<InetSocketAddress, String> serverNames;
    private final Map<InetSocketAddress, QuicSender> senders = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Long> failures = new LinkedHashMap<>();

    /**
     * @param serverNames the name to verify each target's certificate against
     */
    public MultiTargetSender(QuicSenderConfig config, TransportFactory transports,
                             Function<InetSocketAddress, String> serverNames) {
        this.config = Objects.requireNonNull(config, "config");
        this.transports = Objects.requireNonNull(transports, "transports");
        this.serverNames = Objects.requireNonNull(serverNames, "serverNames");
    }

    /**
     * Sends {@code packet} to every target.
     *
     * @return how many targets took it (the rest failed to connect or broke; see {@link #failures()})
     */
    public int send(byte[] packet, Collection<InetSocketAddress> targets) {
        int taken = 0;
        for (InetSocketAddress target : targets) {
            try {
                QuicSender sender = senders.get(target);
                if (sender == null) {
                    sender = QuicSender.connect(target, serverNames.apply(target), config, transports);
                    senders.put(target, sender);
                }
                sender.send(packet);
                taken++;
            } catch (IOException e) {
                failures.merge(target, 1L, Long::sum);
                QuicSender broken = senders.remove(target);
                if (broken != null) {
                    broken.close(Duration.ZERO);
                }
            }
        }
        return taken;
    }

    /** Packets per target that could not be sent (connect failed or the connection broke). */
    public Map<InetSocketAddress, Long> failures() {
        return Map.copyOf(failures);
    }

    /** Closes every connection, waiting up to {@code timeout} for each, and reports per target. */
    public Map<InetSocketAddress, SendReport> close(Duration timeout) {
        Map<InetSocketAddress, SendReport> reports = new LinkedHashMap<>();
        senders.forEach((target, sender) -> reports.put(target, sender.close(timeout)));
        senders.clear();
        return reports;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
