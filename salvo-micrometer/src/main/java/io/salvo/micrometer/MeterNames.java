package io.salvo.micrometer;

/**
 * The names and tags of Salvo's meters, in Micrometer's dotted form (the Prometheus registry turns
 * {@code salvo.datagrams.sent} into {@code salvo_datagrams_sent_total}). Every meter carries the
 * {@link #TRANSPORT} tag with the name the application registered it under.
 */
public final class MeterNames {

    /** Tag: the name given to {@link SalvoMetrics#register}; keep it low-cardinality (a role, not an address). */
    public static final String TRANSPORT = "transport";
    /** Tag of {@link #DROPS}: the {@code DropCause}, lower case ({@code would_block}, {@code kernel_receive_overflow}, ...). */
    public static final String CAUSE = "cause";
    /** Tag of {@link #EVENTS}: the {@code TransportEvent}, lower case ({@code gso_fallback}, ...). */
    public static final String KIND = "kind";

    /** Counter: datagrams handed to the kernel (a GSO message counts each segment). */
    public static final String DATAGRAMS_SENT = "salvo.datagrams.sent";
    /** Counter: datagrams delivered to the application (truncated ones included). */
    public static final String DATAGRAMS_RECEIVED = "salvo.datagrams.received";
    /** Counter, bytes: payload bytes sent (datagrams) or written (streams). */
    public static final String BYTES_SENT = "salvo.sent.bytes";
    /** Counter, bytes: payload bytes received (datagrams) or read (streams). */
    public static final String BYTES_RECEIVED = "salvo.received.bytes";
    /** Counter: send (write) system calls. */
    public static final String SEND_CALLS = "salvo.send.calls";
    /** Counter: receive (read) system calls, empty ones included. */
    public static final String RECEIVE_CALLS = "salvo.receive.calls";
    /** Counter, one per {@link #CAUSE}: datagrams lost or damaged. */
    public static final String DROPS = "salvo.drops";
    /** Counter, one per {@link #KIND}: things counted that lost nothing (back pressure, GSO fallbacks, ...). */
    public static final String EVENTS = "salvo.events";
    /** Gauge: 1 while the transport is open, 0 after. */
    public static final String OPEN = "salvo.transport.open";
    /** Counter, streams: writes that found the send buffer full (back pressure). */
    public static final String STREAM_WRITES_FULL = "salvo.stream.writes.full";
    /** Counter, streams: connection failures, one per {@link #CAUSE} ({@code reset}, {@code broken_pipe}, {@code timeout}). */
    public static final String STREAM_FAILURES = "salvo.stream.failures";
    /** Gauge, pollers: transports and listeners registered. */
    public static final String POLLER_REGISTERED = "salvo.poller.registered";

    private MeterNames() {
    }
}
