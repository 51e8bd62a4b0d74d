package io.salvo.perf.sequence;

/**
 * What receivers made of the datagrams they got, for one group of sequence numbers (the measured
 * window, or everything). The categories do not overlap, except {@code outOfOrder}, which is part
 * of {@code unique}: every datagram received is exactly one of unique, duplicate, late or
 * unrecognised.
 *
 * @param unique       first arrivals of a sequence number (each sent datagram counts at most once)
 * @param outOfOrder   of those, how many arrived after a higher sequence number of the same sender
 * @param duplicated   arrivals of a sequence number that had already arrived
 * @param late         arrivals too far behind to tell (see {@link SequenceWindow}); not in {@code unique}
 * @param unrecognised datagrams too short to carry a {@link SequenceHeader}, or of another type;
 *                     counted over the whole run, as they carry no window
 */
public record Arrivals(long unique, long outOfOrder, long duplicated, long late, long unrecognised) {

    public static final Arrivals NONE = new Arrivals(0, 0, 0, 0, 0);

    /** Every datagram received: unique + duplicated + late + unrecognised. */
    public long total() {
        return unique + duplicated + late + unrecognised;
    }

    public Arrivals plus(Arrivals o) {
        return new Arrivals(unique + o.unique, outOfOrder + o.outOfOrder, duplicated + o.duplicated, late + o.late,
                unrecognised + o.unrecognised);
    }
}
