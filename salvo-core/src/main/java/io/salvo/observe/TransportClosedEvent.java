package io.salvo.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A transport or listener was closed, with its counters at that moment. */
@Name("io.salvo.TransportClosed")
@Label("Transport Closed")
@Category({"Salvo", "Transports"})
@Description("A Salvo transport or listener was closed")
@StackTrace(false)
public final class TransportClosedEvent extends jdk.jfr.Event {
    @Label("Transport")
    public String transport;
    @Label("Statistics")
    public String statistics;
}
