package io.salvo.transport;

/**
 * What a transport can do, probed once when it opens.
 *
 * @param kind               short name of the implementation: {@code native-udp}, {@code nio-udp},
 *                           {@code unix-datagram}, {@code loopback}
 * @param batchedSyscalls    {@code recvBatch}/{@code sendBatch} move many datagrams per system call
 *                           (recvmmsg/sendmmsg); when false they loop one datagram at a time
 * @param gso                UDP generic segmentation offload on send (UDP_SEGMENT)
 * @param gro                UDP generic receive offload (UDP_GRO)
 * @param packetInfo         local destination address and interface per packet (IP_PKTINFO)
 * @param ecn                ECN bits per packet, on receive and send
 * @param receiveTimestamps  kernel receive timestamps per packet (SO_TIMESTAMPNS)
 * @param receiveQueueOverflowCount {@link SocketStats} counts the datagrams the kernel's full receive
 *                           queue dropped ({@code SO_MEMINFO} read with each snapshot, and
 *                           {@code SO_RXQ_OVFL} per datagram when asked for)
 * @param maxBatch           largest batch one system call takes (UIO_MAXIOV for native sockets)
 */
public record Capabilities(
        String kind,
        boolean batchedSyscalls,
        boolean gso,
        boolean gro,
        boolean packetInfo,
        boolean ecn,
        boolean receiveTimestamps,
        boolean receiveQueueOverflowCount,
        int maxBatch) {

    /** The same capabilities with GSO off: what a socket reports once the kernel refused GSO on its paths. */
    public Capabilities withoutGso() {
        return new Capabilities(kind, batchedSyscalls, false, gro, packetInfo, ecn, receiveTimestamps,
                receiveQueueOverflowCount, maxBatch);
    }

    @Override
    public String toString() {
        return kind + " [batched=" + batchedSyscalls + ", gso=" + gso + ", gro=" + gro + ", pktinfo=" + packetInfo
                + ", ecn=" + ecn + ", rx-timestamps=" + receiveTimestamps + ", rxq-overflow=" + receiveQueueOverflowCount
                + "]";
    }
}
