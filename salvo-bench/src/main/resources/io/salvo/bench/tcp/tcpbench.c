/*
 * tcpbench.c: the kernel's limit for `salvo-bench tcp`, in plain C with plain syscalls.
 * Built at benchmark start with `gcc -O2`. Frames everywhere: a 4-byte big-endian length, then the
 * payload, whose first 8 bytes are a big-endian sequence number (0, 1, 2, ...) that receivers check.
 *
 *   tcpbench echo <spin|block>
 *       listen on 127.0.0.1:0, print "port N", serve one connection: echo every complete frame back
 *   tcpbench ping <port> <spin|block> <size> <warmup> <count> <budget-ms> <samples-file>
 *       warmup + count round trips of one frame, each reply checked, within budget-ms (a quarter of
 *       it for the warm-up); the measured RTTs (ns, int64, native order) go to samples-file;
 *       prints "ok <elapsed-ns-of-the-measured-part> <round-trips-measured>"
 *   tcpbench sink <size> <warmup-ms> <window-ms>
 *       listen on 127.0.0.1:0, print "port N", read frames from one connection (blocking reads);
 *       prints "ok <messages> <elapsed-ns> <thread-cpu-ns>" for the window after the warm-up
 *   tcpbench source <port> <size>
 *       connect and write frames in 256 KiB batches until the peer goes away
 *
 * spin: a non-blocking socket and a read loop that retries on EAGAIN; block: blocking reads.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BIG (256 * 1024)

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int64_t now_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static uint32_t get32(const unsigned char *p) {
    return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static uint64_t get64(const unsigned char *p) {
    return ((uint64_t) get32(p) << 32) | get32(p + 4);
}

static void put32(unsigned char *p, uint32_t v) {
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static void put64(unsigned char *p, uint64_t v) {
    put32(p, (uint32_t) (v >> 32));
    put32(p + 4, (uint32_t) v);
}

static void nodelay(int fd) {
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0) die("TCP_NODELAY");
}

static void nonblocking(int fd) {
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) die("O_NONBLOCK");
}

/* Listens on 127.0.0.1:0, prints the port, accepts one connection. */
static int accept_one(void) {
    int l = socket(AF_INET, SOCK_STREAM, 0);
    if (l < 0) die("socket");
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (bind(l, (struct sockaddr *) &a, sizeof a) < 0 || listen(l, 1) < 0) die("bind/listen");
    if (getsockname(l, (struct sockaddr *) &a, &len) < 0) die("getsockname");
    printf("port %d\n", ntohs(a.sin_port));
    fflush(stdout);
    int fd = accept(l, NULL, NULL);
    if (fd < 0) die("accept");
    close(l);
    nodelay(fd);
    return fd;
}

static int connect_to(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *) &a, sizeof a) < 0) die("connect");
    nodelay(fd);
    return fd;
}

/* One read; in spin mode retries EAGAIN. Returns bytes, or 0 at end of stream (or a reset). */
static ssize_t read_some(int fd, unsigned char *p, size_t room, int spin) {
    for (;;) {
        ssize_t n = read(fd, p, room);
        if (n >= 0) return n;
        if (errno == EINTR || (spin && errno == EAGAIN)) continue;
        if (errno == ECONNRESET) return 0;
        die("read");
    }
}

/* Writes all of p; in spin mode retries EAGAIN. Returns 0, or -1 once the peer is gone. */
static int write_all(int fd, const unsigned char *p, size_t n, int spin) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w >= 0) {
            p += w;
            n -= (size_t) w;
        } else if (errno == EPIPE || errno == ECONNRESET) {
            return -1;
        } else if (errno != EINTR && !(spin && errno == EAGAIN)) {
            die("send");
        }
    }
    return 0;
}

static int echo(int spin) {
    int fd = accept_one();
    if (spin) nonblocking(fd);
    static unsigned char buf[BIG];
    size_t have = 0;
    for (;;) {
        ssize_t n = read_some(fd, buf + have, sizeof buf - have, spin);
        if (n == 0) return 0;
        have += (size_t) n;
        size_t pos = 0;
        while (have - pos >= 4) {
            uint32_t len = get32(buf + pos);
            if (len > BIG - 4) { fprintf(stderr, "frame of %u bytes too large\n", len); return 1; }
            if (have - pos - 4 < len) break;
            pos += 4 + len;
        }
        if (pos > 0 && write_all(fd, buf, pos, spin) < 0) return 0;
        memmove(buf, buf + pos, have - pos);
        have -= pos;
    }
}

static int ping(int port, int spin, int size, long warmup, long count, long budget_ms, const char *samples_file) {
    int fd = connect_to(port);
    if (spin) nonblocking(fd);
    int64_t *samples = malloc(sizeof(int64_t) * (size_t) count);
    unsigned char *out = calloc(1, (size_t) size + 4), *in = malloc((size_t) size + 4 + BIG);
    if (!samples || !out || !in) die("malloc");
    put32(out, (uint32_t) size);
    for (int i = 8; i < size; i++) out[4 + i] = (unsigned char) (i * 31 + 7);
    int64_t start = now_ns(CLOCK_MONOTONIC), warmup_end = start + budget_ms * 250000LL;
    int64_t deadline = start + budget_ms * 1000000LL, begin = 0;
    long measured = -1;
    for (uint64_t seq = 0;; seq++) {
        /* the same phases as the Java clients' RoundTrips: budget looked at every 64 round trips */
        if (measured < 0 && ((long) seq >= warmup || (seq % 64 == 0 && now_ns(CLOCK_MONOTONIC) > warmup_end))) {
            measured = 0;
            begin = now_ns(CLOCK_MONOTONIC);
        }
        if (measured >= 0 && (measured == count || (measured % 64 == 0 && measured > 0 && now_ns(CLOCK_MONOTONIC) >= deadline))) break;
        put64(out + 4, seq);
        int64_t t0 = now_ns(CLOCK_MONOTONIC);
        if (write_all(fd, out, (size_t) size + 4, spin) < 0) { fprintf(stderr, "echo went away\n"); return 1; }
        size_t have = 0;
        while (have < (size_t) size + 4) {
            ssize_t n = read_some(fd, in + have, (size_t) size + 4 + BIG - have, spin);
            if (n == 0) { fprintf(stderr, "echo closed early\n"); return 1; }
            have += (size_t) n;
        }
        int64_t t1 = now_ns(CLOCK_MONOTONIC);
        if (have != (size_t) size + 4 || memcmp(in, out, (size_t) size + 4) != 0) {
            fprintf(stderr, "reply %llu differs from the request\n", (unsigned long long) seq);
            return 1;
        }
        if (measured >= 0) samples[measured++] = t1 - t0;
    }
    int64_t elapsed = now_ns(CLOCK_MONOTONIC) - begin;
    FILE *f = fopen(samples_file, "wb");
    if (!f || fwrite(samples, sizeof(int64_t), (size_t) measured, f) != (size_t) measured || fclose(f) != 0) die(samples_file);
    printf("ok %lld %ld\n", (long long) elapsed, measured);
    return 0;
}

static int sink(int size, long warmup_ms, long window_ms) {
    int fd = accept_one();
    static unsigned char buf[BIG];
    size_t have = 0;
    uint64_t expected = 0, messages = 0;
    int64_t start = now_ns(CLOCK_MONOTONIC), measure_at = start + warmup_ms * 1000000LL;
    int64_t stop_at = measure_at + window_ms * 1000000LL, t0 = 0, cpu0 = 0;
    uint64_t m0 = 0;
    int measuring = 0;
    for (;;) {
        ssize_t n = read_some(fd, buf + have, sizeof buf - have, 0);
        if (n == 0) { fprintf(stderr, "source closed early\n"); return 1; }
        have += (size_t) n;
        size_t pos = 0;
        while (have - pos >= 4) {
            uint32_t len = get32(buf + pos);
            if (have - pos - 4 < len) break;
            if (len != (uint32_t) size || get64(buf + pos + 4) != expected) {
                fprintf(stderr, "frame %llu damaged: length %u\n", (unsigned long long) expected, len);
                return 1;
            }
            expected++;
            messages++;
            pos += 4 + len;
        }
        memmove(buf, buf + pos, have - pos);
        have -= pos;
        int64_t t = now_ns(CLOCK_MONOTONIC);
        if (!measuring && t >= measure_at) {
            measuring = 1;
            t0 = t;
            cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
            m0 = messages;
        } else if (measuring && t >= stop_at) {
            int64_t cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
            printf("ok %llu %lld %lld\n", (unsigned long long) (messages - m0), (long long) (t - t0), (long long) cpu);
            fflush(stdout);
            close(fd);
            return 0;
        }
    }
}

static int source(int port, int size) {
    int fd = connect_to(port);
    size_t frame = (size_t) size + 4, frames = BIG / frame;
    unsigned char *buf = calloc(frames, frame);
    if (!buf) die("calloc");
    for (size_t i = 0; i < frames; i++) put32(buf + i * frame, (uint32_t) size);
    for (uint64_t seq = 0;;) {
        for (size_t i = 0; i < frames; i++) put64(buf + i * frame + 4, seq++);
        if (write_all(fd, buf, frames * frame, 0) < 0) return 0;
    }
}

static int usage(void) {
    fprintf(stderr, "usage: tcpbench echo <spin|block> | ping <port> <spin|block> <size> <warmup> <count> <budget-ms> <file>"
                    " | sink <size> <warmup-ms> <window-ms> | source <port> <size>\n");
    return 2;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    if (argc == 3 && strcmp(argv[1], "echo") == 0) return echo(strcmp(argv[2], "spin") == 0);
    if (argc == 9 && strcmp(argv[1], "ping") == 0) {
        if (atoi(argv[4]) < 8 || atol(argv[6]) < 1) return usage();
        return ping(atoi(argv[2]), strcmp(argv[3], "spin") == 0, atoi(argv[4]), atol(argv[5]), atol(argv[6]), atol(argv[7]),
                    argv[8]);
    }
    if (argc == 5 && strcmp(argv[1], "sink") == 0) return sink(atoi(argv[2]), atol(argv[3]), atol(argv[4]));
    if (argc == 4 && strcmp(argv[1], "source") == 0) return source(atoi(argv[2]), atoi(argv[3]));
    return usage();
}
