package io.salvo.messaging;

/**
 * A snapshot of one connection's counters, read one by one (a snapshot taken mid-call may be off
 * by that call).
 *
 * @param messagesIn     messages decoded, protocol ones (login, heartbeats, auto-replied, rejected) included
 * @param messagesOut    messages queued for sending, protocol ones included
 * @param bytesIn        bytes read (streams) or datagram payload bytes received
 * @param bytesOut       bytes the kernel took
 * @param writeCalls     write system calls that took bytes (fewer than messages when sends were batched)
 * @param rejected       messages dropped by {@link ProtocolHooks#reject}
 * @param autoReplied    messages answered by {@link ProtocolHooks#autoReply} and not delivered
 * @param heartbeatsIn   heartbeats received (and not delivered)
 * @param heartbeatsOut  heartbeats sent
 * @param queuedBytes    bytes waiting in the outbound queue now
 * @param lost           datagrams only: messages the sequence numbers show missing (0 for streams)
 * @param duplicates     datagrams only: messages that arrived twice, dropped (0 for streams)
 * @param late           datagrams only: messages that arrived after a later one, delivered (0 for streams)
 * @param dropped        datagrams only: messages dropped on arrival (receive queue full, undecodable)
 * @param closeCause     why it closed, or null while open
 */
public record ConnectionStats(
        long messagesIn,
        long messagesOut,
        long bytesIn,
        long bytesOut,
        long writeCalls,
        long rejected,
        long autoReplied,
        long heartbeatsIn,
        long heartbeatsOut,
        long queuedBytes,
        long lost,
        long duplicates,
        long late,
        long dropped,
        CloseCause closeCause) {
}
