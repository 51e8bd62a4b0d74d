package io.salvo.bench.compare;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Netty's epoll transport tuned as its users tune it for UDP throughput: recvmmsg through
 * {@code MAX_DATAGRAM_PAYLOAD_SIZE} with a receive buffer for 64 datagrams, sendmmsg by writing 64
 * packets per flush from the event loop, pooled direct buffers; with offload, {@code UDP_GRO} on
 * receive and {@link SegmentedDatagramPacket} (GSO) on send.
 *
 * <p>Netty's recvmmsg path passes no control buffer, so it cannot learn a GRO segment size; with
 * GRO on, Netty's own single-message {@code recvmsg} path (which does read the segment size and
 * splits super-packets) is used instead, and every datagram it fires is counted.
 */
final class NettyPeer implements Peer {

    static final int BATCH = 64;

    @Override
    public String name() {
        return "netty-epoll";
    }

    @Override
    public boolean supports(Cell cell) {
        return Epoll.isAvailable() && (!cell.offload() || EpollDatagramChannel.isSegmentedDatagramPacketSupported());
    }

    @Override
    public Side startReceiver(Cell cell) throws Exception {
        EventLoopGroup rxGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        AtomicLong received = new AtomicLong();
        AtomicReference<Thread> rxThread = new AtomicReference<>();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

        Bootstrap rxBoot = new Bootstrap().group(rxGroup).channel(EpollDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 16 << 20)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRegistered(ChannelHandlerContext ctx) {
                        rxThread.set(Thread.currentThread());
                        ctx.fireChannelRegistered();
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        received.setOpaque(received.getPlain() + 1);
                        ReferenceCountUtil.release(msg);
                    }
                });
        if (cell.offload()) {
            rxBoot.option(EpollChannelOption.UDP_GRO, true)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_535));
        } else {
            rxBoot.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, cell.size())
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(cell.size() * BATCH));
        }
        Channel rx = rxBoot.bind(any).sync().channel();
        return Side.onThread((InetSocketAddress) rx.localAddress(), received::getOpaque, rxThread::get, () -> {
            rx.close().sync();
            rxGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        });
    }

    @Override
    public Side startSender(Cell cell, InetSocketAddress target) throws Exception {
        EventLoopGroup txGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        AtomicLong sent = new AtomicLong();
        AtomicReference<Thread> txThread = new AtomicReference<>();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        int segments = cell.segments();
        ByteBuf template = PooledByteBufAllocator.DEFAULT.directBuffer(cell.size() * segments);
        template.writeZero(cell.size() * segments);
        Channel tx = new Bootstrap().group(txGroup).channel(EpollDatagramChannel.class)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new io.netty.channel.WriteBufferWaterMark(1 << 20, 4 << 20))
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRegistered(ChannelHandlerContext ctx) {
                        txThread.set(Thread.currentThread());
                        ctx.fireChannelRegistered();
                    }

                    @Override
                    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                        if (ctx.channel().isWritable()) {
                            pump(ctx.channel(), template, target, cell.size(), segments, sent);
                        }
                        ctx.fireChannelWritabilityChanged();
                    }
                })
                .bind(any).sync().channel();
        tx.eventLoop().execute(() -> pump(tx, template, target, cell.size(), segments, sent));

        return Side.onThread(null, sent::getOpaque, txThread::get, () -> {
            tx.close().sync();
            txGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
            template.release();
        });
    }

    /**
     * Writes batches of 64 packets and flushes each (one sendmmsg), while the channel stays
     * writable; re-schedules itself so the event loop still runs its other tasks.
     */
    private static void pump(Channel ch, ByteBuf template, InetSocketAddress target, int size, int segments,
                             AtomicLong sent) {
        if (!ch.isActive()) {
            return;
        }
        for (int round = 0; round < 16 && ch.isWritable(); round++) {
            for (int i = 0; i < BATCH; i++) {
                ByteBuf content = template.retainedDuplicate();
                ch.write(segments > 1 ? new SegmentedDatagramPacket(content, size, target)
                        : new DatagramPacket(content, target), ch.voidPromise());
            }
            ch.flush();
            sent.setOpaque(sent.getPlain() + (long) BATCH * segments);
        }
        if (ch.isWritable()) {
            ch.eventLoop().execute(() -> pump(ch, template, target, size, segments, sent));
        }
    }
}
