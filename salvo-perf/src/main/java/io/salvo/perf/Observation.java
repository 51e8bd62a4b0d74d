package io.salvo.perf;

import io.salvo.observe.CaptureTransport;
import io.salvo.observe.PcapngWriter;
import io.salvo.transport.DatagramTransport;
import io.salvo.transport.loopback.NetworkStats;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;

/**
 * What {@code --jfr} and {@code --pcap} switch on for one run: a flight recording, started before
 * any transport opens (so their open events are in it) and written to its file at the end, and a
 * pcapng writer that {@link #wrap} puts under the run's transports. With neither option, every
 * method is a no-op and {@link #wrap} returns the transport itself.
 *
 * <p>Not thread-safe: made, used and closed by the command's own thread.
 */
final class Observation implements AutoCloseable {

    /** Salvo's events; the statistics every second, as their own default says. */
    private static final List<String> SALVO_EVENTS = List.of("io.salvo.TransportOpened", "io.salvo.TransportClosed",
            "io.salvo.GsoFallback", "io.salvo.LoopStall");
    private static final String STATISTICS_EVENT = "io.salvo.TransportStatistics";

    private final ObserveOptions options;
    private final PrintStream progress;
    private final Recording recording;
    private final PcapngWriter writer;

    private Observation(ObserveOptions options, PrintStream progress, Recording recording, PcapngWriter writer) {
        this.options = options;
        this.progress = progress;
        this.recording = recording;
        this.writer = writer;
    }

    /** Starts what {@code options} ask for; messages (where the files went) go to {@code progress}. */
    static Observation start(ObserveOptions options, PrintStream progress) throws IOException {
        Recording recording = null;
        PcapngWriter writer = null;
        try {
            if (options.jfr != null) {
                // The JDK's default settings (GC, CPU, threads) are cheap and give the Salvo events context.
                recording = new Recording(Configuration.getConfiguration("default"));
                recording.setName("salvo-perf");
                for (String name : SALVO_EVENTS) {
                    recording.enable(name);
                }
                recording.enable(STATISTICS_EVENT).withPeriod(Duration.ofSeconds(1));
                recording.start();
            }
            if (options.pcap != null) {
                writer = new PcapngWriter(options.pcap, 1, 0, options.pcapSnap);
            }
            return new Observation(options, progress, recording, writer);
        } catch (IOException | ParseException | RuntimeException e) {
            if (recording != null) {
                recording.close();
            }
            throw e instanceof IOException io ? io : new IOException("cannot start the JFR recording: " + e, e);
        }
    }

    /** {@code transport} with its datagrams captured, or itself without {@code --pcap}. */
    DatagramTransport wrap(DatagramTransport transport) {
        return writer == null ? transport : new CaptureTransport(transport, writer);
    }

    /** {@code endpoints} with every transport captured, or themselves without {@code --pcap}. */
    LocalEndpoints wrap(LocalEndpoints endpoints) {
        return writer == null ? endpoints : new CapturedEndpoints(endpoints);
    }

    /** Writes the recording and the capture to their files and says where they are. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        if (writer != null) {
            try {
                long packets = writer.packets();
                writer.close();
                progress.println("salvo-perf: " + packets + " datagrams captured in " + options.pcap
                        + " (tshark -r " + options.pcap + ")");
            } catch (IOException e) {
                failure = e;
            }
        }
        if (recording != null) {
            try {
                recording.stop();
                recording.dump(options.jfr);
                progress.println("salvo-perf: JFR recording in " + options.jfr + " (jfr print --events 'io.salvo.*' "
                        + options.jfr + ")");
            } catch (IOException | RuntimeException e) {
                failure = failure == null ? new IOException("cannot write the JFR recording: " + e, e) : failure;
            } finally {
                recording.close();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The endpoints of a run in one process, each transport wrapped for capture once. */
    private final class CapturedEndpoints implements LocalEndpoints {
        private final LocalEndpoints inner;
        private final List<DatagramTransport> receivers;
        private final List<DatagramTransport> senders;

        CapturedEndpoints(LocalEndpoints inner) {
            this.inner = inner;
            this.receivers = inner.receivers().stream().map(Observation.this::wrap).toList();
            this.senders = inner.senders().stream().map(Observation.this::wrap).toList();
        }

        @Override
        public List<? extends DatagramTransport> receivers() {
            return receivers;
        }

        @Override
        public List<? extends DatagramTransport> senders() {
            return senders;
        }

        @Override
        public SocketAddress target(int index) {
            return inner.target(index);
        }

        @Override
        public String capabilities() {
            return inner.capabilities();
        }

        @Override
        public NetworkStats networkStats() {
            return inner.networkStats();
        }

        @Override
        public boolean settled() {
            return inner.settled();
        }

        @Override
        public DatagramTransport[] openPair() throws IOException {
            DatagramTransport[] pair = inner.openPair();
            return new DatagramTransport[] {wrap(pair[0]), wrap(pair[1])};
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
