package io.salvo.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A transport or listener was opened: what it is, where, and what the kernel granted it. */
@Name("io.salvo.TransportOpened")
@Label("Transport Opened")
@Category({"Salvo", "Transports"})
@Description("A Salvo transport or listener was opened")
@StackTrace(false)
public final class TransportOpenedEvent extends jdk.jfr.Event {
    @Label("Transport")
    public String transport;
    @Label("Capabilities")
    public String capabilities;
}
