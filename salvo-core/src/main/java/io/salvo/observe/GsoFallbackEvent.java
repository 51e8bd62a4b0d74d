package io.salvo.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The kernel refused a GSO message; its datagrams went out without GSO. */
@Name("io.salvo.GsoFallback")
@Label("GSO Fallback")
@Category({"Salvo", "Offloads"})
@Description("The kernel refused a UDP GSO message; Salvo sent its datagrams plainly")
@StackTrace(false)
public final class GsoFallbackEvent extends jdk.jfr.Event {
    @Label("Transport")
    public String transport;
    @Label("Destination")
    public String destination;
    @Label("Error")
    public String error;
    @Label("Datagrams")
    public int datagrams;
    @Label("Coalesced By Salvo")
    @Description("True for Salvo's automatic coalescing, false for a segment size the caller set")
    public boolean automatic;
}
