package io.salvo.transport.loopback;

import java.time.Duration;

/**
 * Impairments applied to datagrams on one direction of a simulated link. Every random choice
 * comes from the network's seed, so the same seed and the same sends give the same outcome.
 * Start from {@link #PERFECT} and chain the {@code withXxx} methods.
 *
 * @param lossRate          probability (0..1) of dropping each datagram independently
 * @param burstEnterRate    probability (0..1), per datagram, of entering a loss burst
 *                          (Gilbert-Elliott model); 0 disables bursts
 * @param burstExitRate     probability (0..1), per datagram in a burst, of leaving it
 * @param burstLossRate     probability (0..1) of dropping each datagram while in a burst
 * @param duplicateRate     probability (0..1) of delivering a datagram twice
 * @param reorderRate       probability (0..1) of holding a datagram back behind later ones
 * @param reorderDistance   how many later datagrams (sent at the same delivery time) overtake a
 *                          held-back one
 * @param delayNanos        fixed one-way delay
 * @param jitterNanos       extra delay, uniform in {@code [0, jitter)}, per datagram
 * @param mtu               largest datagram payload the link carries whole; 0 = unlimited
 * @param oversize          what happens to a datagram over the MTU
 * @param bitsPerSecond     link rate; datagrams queue behind each other at this rate; 0 = unlimited
 * @param queueLimit        datagrams that may wait for the link at once; 0 = unlimited
 * @param queueFull         what happens to a datagram that finds the queue full
 */
public record LinkConditions(
        double lossRate,
        double burstEnterRate,
        double burstExitRate,
        double burstLossRate,
        double duplicateRate,
        double reorderRate,
        int reorderDistance,
        long delayNanos,
        long jitterNanos,
        int mtu,
        OversizeAction oversize,
        long bitsPerSecond,
        int queueLimit,
        QueueFullAction queueFull) {

    /** What the link does with a datagram larger than its MTU. */
    public enum OversizeAction {
        /** Drop it and count {@link io.salvo.transport.DropCause#OVERSIZE}. */
        DROP,
        /** Deliver its first MTU bytes, flagged truncated with its true length, counted as TRUNCATED. */
        TRUNCATE
    }

    /** What the link does with a datagram that finds its queue full. */
    public enum QueueFullAction {
        /** Drop it and count {@link io.salvo.transport.DropCause#QUEUE_OVERFLOW}. */
        DROP,
        /** Refuse it: the sender gets {@link io.salvo.transport.SendStatus#WOULD_BLOCK}, like a full socket buffer. */
        BLOCK_SENDER
    }

    /** No loss, no delay, no limits. */
    public static final LinkConditions PERFECT = new LinkConditions(0, 0, 0, 1, 0, 0, 1, 0, 0, 0,
            OversizeAction.DROP, 0, 0, QueueFullAction.DROP);

    public LinkConditions {
        checkProbability("lossRate", lossRate);
        checkProbability("burstEnterRate", burstEnterRate);
        checkProbability("burstExitRate", burstExitRate);
        checkProbability("burstLossRate", burstLossRate);
        checkProbability("duplicateRate", duplicateRate);
        checkProbability("reorderRate", reorderRate);
        if (reorderDistance < 1) {
            throw new IllegalArgumentException("reorderDistance must be >= 1, got " + reorderDistance);
        }
        if (delayNanos < 0 || jitterNanos < 0 || mtu < 0 || bitsPerSecond < 0 || queueLimit < 0) {
            throw new IllegalArgumentException("delay, jitter, mtu, rate and queue limit must be >= 0");
        }
        if (oversize == null || queueFull == null) {
            throw new IllegalArgumentException("oversize and queueFull actions are required");
        }
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], got " + p);
        }
    }

    public LinkConditions withLoss(double rate) {
        return new LinkConditions(rate, burstEnterRate, burstExitRate, burstLossRate, duplicateRate, reorderRate,
                reorderDistance, delayNanos, jitterNanos, mtu, oversize, bitsPerSecond, queueLimit, queueFull);
    }

    /** Bursty loss: enter a burst with {@code enterRate}, leave with {@code exitRate}, lose {@code lossInBurst} inside. */
    public LinkConditions withBurstLoss(double enterRate, double exitRate, double lossInBurst) {
        return new LinkConditions(lossRate, enterRate, exitRate, lossInBurst, duplicateRate, reorderRate,
                reorderDistance, delayNanos, jitterNanos, mtu, oversize, bitsPerSecond, queueLimit, queueFull);
    }

    public LinkConditions withDuplication(double rate) {
        return new LinkConditions(lossRate, burstEnterRate, burstExitRate, burstLossRate, rate, reorderRate,
                reorderDistance, delayNanos, jitterNanos, mtu, oversize, bitsPerSecond, queueLimit, queueFull);
    }

    public LinkConditions withReordering(double rate, int distance) {
        return new LinkConditions(lossRate, burstEnterRate, burstExitRate, burstLossRate, duplicateRate, rate,
                distance, delayNanos, jitterNanos, mtu, oversize, bitsPerSecond, queueLimit, queueFull);
    }

    public LinkConditions withDelay(Duration delay, Duration jitter) {
        return new LinkConditions(lossRate, burstEnterRate, burstExitRate, burstLossRate, duplicateRate, reorderRate,
                reorderDistance, delay.toNanos(), jitter.toNanos(), mtu, oversize, bitsPerSecond, queueLimit, queueFull);
    }

    public LinkConditions withMtu(int mtu, OversizeAction action) {
        return new LinkConditions(lossRate, burstEnterRate, burstExitRate, burstLossRate, duplicateRate, reorderRate,
                reorderDistance, delayNanos, jitterNanos, mtu, action, bitsPerSecond, queueLimit, queueFull);
    }

    /** A link of {@code bitsPerSecond} with room for {@code queueLimit} waiting datagrams. */
    public LinkConditions withBandwidth(long bitsPerSecond, int queueLimit, QueueFullAction action) {
        return new LinkConditions(lossRate, burstEnterRate, burstExitRate, burstLossRate, duplicateRate, reorderRate,
                reorderDistance, delayNanos, jitterNanos, mtu, oversize, bitsPerSecond, queueLimit, action);
    }
}
