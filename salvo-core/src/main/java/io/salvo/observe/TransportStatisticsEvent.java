package io.salvo.observe;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * Every open transport's counters, once a period (1 s by default; the recording's settings may
 * change it). Datagram transports fill the datagram fields; stream transports report bytes and
 * calls, with their resets, broken pipes and timeouts as drops.
 */
@Name("io.salvo.TransportStatistics")
@Label("Transport Statistics")
@Category({"Salvo", "Transports"})
@Description("Counters of every open Salvo transport")
@Period("1 s")
@StackTrace(false)
public final class TransportStatisticsEvent extends jdk.jfr.Event {
    @Label("Transport")
    public String transport;
    @Label("Datagrams Sent")
    public long datagramsSent;
    @Label("Datagrams Received")
    public long datagramsReceived;
    @Label("Bytes Sent")
    @DataAmount
    public long bytesSent;
    @Label("Bytes Received")
    @DataAmount
    public long bytesReceived;
    @Label("Send Calls")
    public long sendCalls;
    @Label("Receive Calls")
    public long receiveCalls;
    @Label("Drops")
    @Description("Datagrams lost or damaged, all causes; for streams: resets, broken pipes and timeouts")
    public long drops;
    @Label("Drops by Cause")
    public String dropsByCause;
    @Label("Events")
    @Description("Things counted that lost nothing: back pressure, GSO fallbacks, cut control data")
    public long events;
}
