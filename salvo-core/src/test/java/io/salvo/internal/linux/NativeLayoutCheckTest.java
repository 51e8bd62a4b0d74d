package io.salvo.internal.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Compiles a C program with gcc that prints the size and field offsets of every structure Salvo
 * lays out by hand, and every constant it passes to the kernel, then compares them with the Java
 * side. Skipped, saying so, where gcc is missing.
 */
class NativeLayoutCheckTest {

    private final Map<String, Long> expected = new LinkedHashMap<>();

    private void struct(String cType, StructLayout layout, String... fields) {
        expected.put("sizeof(" + cType + ")", layout.byteSize());
        for (String f : fields) {
            expected.put("offsetof(" + cType + ", " + f + ")",
                    layout.byteOffset(MemoryLayout.PathElement.groupElement(f)));
        }
    }

    private void constant(String name, long value) {
        expected.put(name, value);
    }

    @Test
    void layoutsAndConstantsMatchTheCHeaders(@TempDir Path dir) throws Exception {
        struct("struct iovec", NativeLayouts.IOVEC, "iov_base", "iov_len");
        struct("struct msghdr", NativeLayouts.MSGHDR, "msg_name", "msg_namelen", "msg_iov", "msg_iovlen", "msg_control",
                "msg_controllen", "msg_flags");
        struct("struct mmsghdr", NativeLayouts.MMSGHDR, "msg_hdr", "msg_len");
        struct("struct cmsghdr", NativeLayouts.CMSGHDR, "cmsg_len", "cmsg_level", "cmsg_type");
        struct("struct sockaddr_in", NativeLayouts.SOCKADDR_IN, "sin_family", "sin_port", "sin_addr", "sin_zero");
        struct("struct sockaddr_in6", NativeLayouts.SOCKADDR_IN6, "sin6_family", "sin6_port", "sin6_flowinfo", "sin6_addr",
                "sin6_scope_id");
        struct("struct sockaddr_un", NativeLayouts.SOCKADDR_UN, "sun_family", "sun_path");
        struct("struct sockaddr_storage", NativeLayouts.SOCKADDR_STORAGE, "ss_family");
        struct("struct timespec", NativeLayouts.TIMESPEC, "tv_sec", "tv_nsec");
        struct("struct in_pktinfo", NativeLayouts.IN_PKTINFO, "ipi_ifindex", "ipi_spec_dst", "ipi_addr");
        struct("struct in6_pktinfo", NativeLayouts.IN6_PKTINFO, "ipi6_addr", "ipi6_ifindex");
        struct("struct ip_mreqn", NativeLayouts.IP_MREQN, "imr_multiaddr", "imr_address", "imr_ifindex");
        struct("struct group_req", NativeLayouts.GROUP_REQ, "gr_interface", "gr_group");
        struct("struct group_source_req", NativeLayouts.GROUP_SOURCE_REQ, "gsr_interface", "gsr_group", "gsr_source");
        struct("struct pollfd", NativeLayouts.POLLFD, "fd", "events", "revents");
        struct("struct linger", NativeLayouts.LINGER, "l_onoff", "l_linger");
        struct("struct epoll_event", NativeLayouts.EPOLL_EVENT, "events", "data");
        constant("CMSG_SPACE(4)", NativeLayouts.cmsgSpace(4));
        constant("CMSG_LEN(2)", NativeLayouts.cmsgLen(2));
        constant("CMSG_SPACE(sizeof(struct in6_pktinfo))", NativeLayouts.cmsgSpace(20));

        for (var f : LinuxConstants.class.getFields()) {
            constant(f.getName(), f.getInt(null));
        }
        for (var f : Errno.class.getFields()) {
            if (f.getType() == int.class) {
                constant(f.getName(), f.getInt(null));
            }
        }

        Map<String, Long> actual = compileAndRun(dir);
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    private Map<String, Long> compileAndRun(Path dir) throws IOException, InterruptedException {
        assumeTrue(gccAvailable(), "gcc not found on PATH: native layout check skipped");
        StringBuilder c = new StringBuilder("""
                #define _GNU_SOURCE
                #include <stdio.h>
                #include <stddef.h>
                #include <errno.h>
                #include <sys/socket.h>
                #include <sys/uio.h>
                #include <sys/un.h>
                #include <sys/epoll.h>
                #include <poll.h>
                #include <sys/eventfd.h>
                #include <netinet/in.h>
                #include <netinet/udp.h>
                #include <netinet/tcp.h>
                #include <linux/sock_diag.h>
                #include <fcntl.h>
                #include <time.h>
                #ifndef UDP_SEGMENT
                #define UDP_SEGMENT 103
                #endif
                #ifndef UDP_GRO
                #define UDP_GRO 104
                #endif
                #ifndef UDP_MAX_SEGMENTS
                #define UDP_MAX_SEGMENTS 64
                #endif
                #ifndef UIO_MAXIOV
                #define UIO_MAXIOV 1024
                #endif
                int main(void) {
                """);
        for (String expr : expected.keySet()) {
            c.append("  printf(\"%s=%ld\\n\", \"").append(expr.replace("\"", "\\\"")).append("\", (long)(").append(expr)
                    .append("));\n");
        }
        c.append("  return 0;\n}\n");
        Path src = dir.resolve("layouts.c");
        Path bin = dir.resolve("layouts");
        Files.writeString(src, c.toString());
        run(List.of("gcc", "-o", bin.toString(), src.toString()));
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : run(List.of(bin.toString())).split("\n")) {
            int eq = line.lastIndexOf('=');
            out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
        }
        return out;
    }

    private static boolean gccAvailable() {
        try {
            return new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
