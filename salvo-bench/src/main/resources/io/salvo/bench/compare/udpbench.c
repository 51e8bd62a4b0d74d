/*
 * The kernel's limit for salvo-bench compare: the same UDP work the Java systems do, in C.
 *
 *   udpbench rx FILE SIZE GRO        bind 127.0.0.1:0, print "port N", receive forever
 *   udpbench tx FILE PORT SIZE SEGS [feed]
 *                                    send to 127.0.0.1:PORT forever; SEGS > 1 sends GSO messages;
 *                                    feed: from one cache-resident buffer (a feeder, not compared)
 *
 * The receiver does what Salvo's benchmark receiver does: recvmmsg of 64 with MSG_DONTWAIT and the
 * sources' addresses (NIO and Netty read them too), and a
 * poll() wait after an empty or partial batch (the queue is drained); with GRO it reads the
 * segment size from the UDP_GRO control message and counts the datagrams a super-buffer carries.
 * The sender does sendmmsg of 64 on a blocking, unconnected socket, each message from its own
 * buffer to the receiver's address (each message one datagram, or with GSO SEGS datagrams of SIZE
 * bytes cut by the kernel).
 *
 * Counters go to FILE (64 bytes, mapped shared): [0] datagrams received, [8] datagrams sent,
 * [16] receiving thread id, [24] sending thread id. The benchmark reads them and the threads'
 * CPU time (/proc/PID/task/TID/schedstat) while the program runs, and kills it at the end.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif

#define BATCH 64

static volatile uint64_t *counters;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void map_counters(const char *path) {
    int fd = open(path, O_RDWR | O_CREAT, 0600);
    if (fd < 0 || ftruncate(fd, 64) < 0) die("counters file");
    counters = mmap(NULL, 64, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (counters == MAP_FAILED) die("mmap");
    close(fd);
}

static int udp_socket(int buffer_option, int bytes) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) die("socket");
    /* SO_RCVBUFFORCE/SO_SNDBUFFORCE as the Java systems' forceBufferSizes; plain sizes if not root. */
    if (setsockopt(fd, SOL_SOCKET, buffer_option, &bytes, sizeof bytes) < 0) {
        int plain = buffer_option == SO_RCVBUFFORCE ? SO_RCVBUF : SO_SNDBUF;
        setsockopt(fd, SOL_SOCKET, plain, &bytes, sizeof bytes);
    }
    return fd;
}

static _Noreturn void receive(int size, int gro) {
    int fd = udp_socket(SO_RCVBUFFORCE, 16 << 20);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0) die("bind");
    socklen_t len = sizeof addr;
    getsockname(fd, (struct sockaddr *) &addr, &len);
    int one = 1;
    if (gro && setsockopt(fd, IPPROTO_UDP, UDP_GRO, &one, sizeof one) < 0) die("UDP_GRO");
    int capacity = gro ? 65535 : size;
    char *buffers = malloc((size_t) capacity * BATCH);
    char control[BATCH][64];
    struct sockaddr_storage names[BATCH];
    struct iovec iov[BATCH];
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = buffers + (size_t) i * capacity;
        iov[i].iov_len = capacity;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_name = &names[i];
    }
    counters[2] = (uint64_t) syscall(SYS_gettid);
    printf("port %d\n", ntohs(addr.sin_port));
    fflush(stdout);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    uint64_t count = 0;
    for (;;) {
        for (int i = 0; i < BATCH; i++) { /* the kernel overwrote these in the headers it filled */
            msgs[i].msg_hdr.msg_namelen = sizeof names[i];
            if (gro) {
                msgs[i].msg_hdr.msg_control = control[i];
                msgs[i].msg_hdr.msg_controllen = sizeof control[i];
            }
        }
        int n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
        if (n <= 0) {
            poll(&p, 1, 50);
            continue;
        }
        if (gro) {
            for (int i = 0; i < n; i++) {
                int segment = 0;
                for (struct cmsghdr *c = CMSG_FIRSTHDR(&msgs[i].msg_hdr); c; c = CMSG_NXTHDR(&msgs[i].msg_hdr, c)) {
                    if (c->cmsg_level == IPPROTO_UDP && c->cmsg_type == UDP_GRO) memcpy(&segment, CMSG_DATA(c), sizeof segment);
                }
                unsigned bytes = msgs[i].msg_len;
                count += segment > 0 && bytes > (unsigned) segment ? (bytes + segment - 1) / segment : 1;
            }
        } else {
            count += n;
        }
        __atomic_store_n(&counters[0], count, __ATOMIC_RELAXED);
        if (n < BATCH) poll(&p, 1, 50);
    }
}

static _Noreturn void send_forever(int port, int size, int segments, int feeder) {
    int fd = udp_socket(SO_SNDBUFFORCE, 4 << 20);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (segments > 1 && setsockopt(fd, IPPROTO_UDP, UDP_SEGMENT, &size, sizeof size) < 0) die("UDP_SEGMENT");
    size_t message = (size_t) size * segments;
    /* Each message its own buffer and its own destination, as the Java senders have (a batch of
     * slots, each with its address): one buffer sent 64 times would stay in the cache, which no
     * sender of real data gets, and a connected socket would skip the route lookup they pay. */
    /* A feeder (the receiver-bound cells' shared sender, not itself compared) is as cheap as it can
     * be, so that the receiver stays the bottleneck: one buffer for every message, in the cache. */
    size_t buffers = feeder ? 1 : BATCH;
    char *payloads = malloc(buffers * message);
    if (payloads == NULL) die("malloc");
    /* Written, as the Java senders' payloads are: pages of calloc's that nobody writes all map the
     * kernel's one zero page, which would stay in the cache however much is sent from them. */
    for (size_t i = 0; i < buffers * message; i++) payloads[i] = (char) i;
    struct iovec iov[BATCH];
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = payloads + (feeder ? 0 : (size_t) i * message);
        iov[i].iov_len = message;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_name = &to;
        msgs[i].msg_hdr.msg_namelen = sizeof to;
    }
    counters[3] = (uint64_t) syscall(SYS_gettid);
    printf("sending\n");
    fflush(stdout);
    uint64_t count = 0;
    for (;;) {
        int n = sendmmsg(fd, msgs, BATCH, 0);
        if (n < 0) {
            usleep(100); /* a full buffer (or an error the next call may not repeat): try again */
            continue;
        }
        count += (uint64_t) n * segments;
        __atomic_store_n(&counters[1], count, __ATOMIC_RELAXED);
    }
}

int main(int argc, char **argv) {
    if (argc == 5 && strcmp(argv[1], "rx") == 0) {
        map_counters(argv[2]);
        receive(atoi(argv[3]), atoi(argv[4]));
    }
    if ((argc == 6 || (argc == 7 && strcmp(argv[6], "feed") == 0)) && strcmp(argv[1], "tx") == 0) {
        map_counters(argv[2]);
        send_forever(atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), argc == 7);
    }
    fprintf(stderr, "usage: udpbench rx FILE SIZE GRO | udpbench tx FILE PORT SIZE SEGMENTS [feed]\n");
    return 2;
}
