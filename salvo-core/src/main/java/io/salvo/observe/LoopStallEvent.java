package io.salvo.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A receive loop's callback held the loop longer than the stall threshold (10 ms by default, or
 * the system property {@code salvo.jfr.loopStallMillis}): datagrams waited in the kernel meanwhile.
 */
@Name("io.salvo.LoopStall")
@Label("Loop Stall")
@Category({"Salvo", "Loops"})
@Description("A receive loop's callback held the loop longer than the stall threshold")
@StackTrace(false)
public final class LoopStallEvent extends jdk.jfr.Event {
    @Label("Transport")
    public String transport;
    @Label("Callback Time")
    @Timespan(Timespan.NANOSECONDS)
    public long callbackNanos;
    @Label("Datagrams In The Batch")
    public int datagrams;
}
