package io.salvo.internal.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Hand-written layouts of the 64-bit Linux structures Salvo exchanges with the kernel, and the
 * byte offsets of the fields it touches (read once here, so the hot path adds constants).
 * {@code NativeLayoutCheckTest} compares every size and offset with gcc's {@code offsetof}.
 */
public final class NativeLayouts {
    private NativeLayouts() {
    }

    public static final StructLayout IOVEC = structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len"));

    public static final StructLayout MSGHDR = structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            paddingLayout(4));

    public static final StructLayout MMSGHDR = structLayout(
            MSGHDR.withName("msg_hdr"),
            JAVA_INT.withName("msg_len"),
            paddingLayout(4));

    public static final StructLayout CMSGHDR = structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type"));

    public static final StructLayout SOCKADDR_IN = structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withName("sin_port"),
            JAVA_INT.withName("sin_addr"),
            sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));

    public static final StructLayout SOCKADDR_IN6 = structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id"));

    public static final StructLayout SOCKADDR_UN = structLayout(
            JAVA_SHORT.withName("sun_family"),
            sequenceLayout(108, JAVA_BYTE).withName("sun_path"));

    public static final StructLayout SOCKADDR_STORAGE = structLayout(
            JAVA_SHORT.withName("ss_family"),
            sequenceLayout(118, JAVA_BYTE).withName("ss_padding"),
            JAVA_LONG.withName("ss_align"));

    public static final StructLayout TIMESPEC = structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec"));

    public static final StructLayout IN_PKTINFO = structLayout(
            JAVA_INT.withName("ipi_ifindex"),
            JAVA_INT.withName("ipi_spec_dst"),
            JAVA_INT.withName("ipi_addr"));

    public static final StructLayout IN6_PKTINFO = structLayout(
            sequenceLayout(16, JAVA_BYTE).withName("ipi6_addr"),
            JAVA_INT.withName("ipi6_ifindex"));

    public static final StructLayout IP_MREQN = structLayout(
            JAVA_INT.withName("imr_multiaddr"),
            JAVA_INT.withName("imr_address"),
            JAVA_INT.withName("imr_ifindex"));

    public static final StructLayout GROUP_REQ = structLayout(
            JAVA_INT.withName("gr_interface"),
            paddingLayout(4),
            SOCKADDR_STORAGE.withName("gr_group"));

    public static final StructLayout GROUP_SOURCE_REQ = structLayout(
            JAVA_INT.withName("gsr_interface"),
            paddingLayout(4),
            SOCKADDR_STORAGE.withName("gsr_group"),
            SOCKADDR_STORAGE.withName("gsr_source"));

    public static final StructLayout POLLFD = structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents"));

    public static final StructLayout LINGER = structLayout(
            JAVA_INT.withName("l_onoff"),
            JAVA_INT.withName("l_linger"));

    /** {@code struct epoll_event} is packed on x86_64: the 64-bit data follows the events at offset 4. */
    public static final StructLayout EPOLL_EVENT = structLayout(
            JAVA_INT.withName("events"),
            ValueLayout.JAVA_LONG_UNALIGNED.withName("data"));

    // Offsets used on the hot path.
    public static final long IOV_BASE = offset(IOVEC, "iov_base");
    public static final long IOV_LEN = offset(IOVEC, "iov_len");
    public static final long MSG_NAME = offset(MSGHDR, "msg_name");
    public static final long MSG_NAMELEN = offset(MSGHDR, "msg_namelen");
    public static final long MSG_IOV = offset(MSGHDR, "msg_iov");
    public static final long MSG_IOVLEN = offset(MSGHDR, "msg_iovlen");
    public static final long MSG_CONTROL = offset(MSGHDR, "msg_control");
    public static final long MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen");
    public static final long MSG_FLAGS = offset(MSGHDR, "msg_flags");
    public static final long MMSG_LEN = offset(MMSGHDR, "msg_len");
    public static final long CMSG_LEN = offset(CMSGHDR, "cmsg_len");
    public static final long CMSG_LEVEL = offset(CMSGHDR, "cmsg_level");
    public static final long CMSG_TYPE = offset(CMSGHDR, "cmsg_type");
    public static final long GSR_GROUP = offset(GROUP_SOURCE_REQ, "gsr_group");
    public static final long GSR_SOURCE = offset(GROUP_SOURCE_REQ, "gsr_source");
    public static final long GR_GROUP = offset(GROUP_REQ, "gr_group");

    /** {@code CMSG_ALIGN}: control messages are aligned to {@code sizeof(size_t)}. */
    public static long cmsgAlign(long n) {
        return (n + 7) & ~7L;
    }

    /** {@code CMSG_SPACE(n)}: bytes one control message with {@code n} data bytes occupies. */
    public static long cmsgSpace(long n) {
        return cmsgAlign(CMSGHDR.byteSize()) + cmsgAlign(n);
    }

    /** {@code CMSG_LEN(n)}: the {@code cmsg_len} of a control message with {@code n} data bytes. */
    public static long cmsgLen(long n) {
        return cmsgAlign(CMSGHDR.byteSize()) + n;
    }

    /** Offset of the data from the start of a control message ({@code CMSG_DATA}). */
    public static final long CMSG_DATA = cmsgAlign(CMSGHDR.byteSize());

    private static long offset(MemoryLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
