/*
 * udplatency.c: the kernel's limit for `salvo-bench udp-latency`, UDP ping-pong in plain C with plain
 * syscalls. Built at benchmark start with `gcc -O2`. A probe is one datagram: an 8-byte big-endian
 * sequence number (0, 1, 2, ...), then a fixed pattern; the client checks every byte of each echo.
 *
 *   udplatency echo <spin|block>
 *       bind 127.0.0.1:0, print "port N", send every datagram back to its sender until killed
 *   udplatency ping <port> <spin|block> <size> <warmup> <count> <budget-ms> <samples-file>
 *       connect to 127.0.0.1:port; warmup + count round trips of one datagram, each echo checked,
 *       within budget-ms (a quarter of it for the warm-up); the measured RTTs (ns, int64, native
 *       order) go to samples-file; prints "ok <elapsed-ns-of-the-measured-part> <round-trips-measured>".
 *       An echo missing for a second fails the run (loopback does not lose a lone datagram).
 *
 * spin: recv/recvfrom with MSG_DONTWAIT, retried at once on EAGAIN; block: blocking recv/recvfrom.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_DATAGRAM 65536

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void put64(unsigned char *p, uint64_t v) {
    for (int i = 7; i >= 0; i--, v >>= 8) p[i] = (unsigned char) v;
}

static _Noreturn void echo(int spin) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *) &a, sizeof a) < 0) die("bind");
    if (getsockname(fd, (struct sockaddr *) &a, &len) < 0) die("getsockname");
    printf("port %d\n", ntohs(a.sin_port));
    fflush(stdout);
    static unsigned char buf[MAX_DATAGRAM];
    int flags = spin ? MSG_DONTWAIT : 0;
    for (;;) {
        struct sockaddr_in from;
        socklen_t from_len = sizeof from;
        ssize_t n = recvfrom(fd, buf, sizeof buf, flags, (struct sockaddr *) &from, &from_len);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            die("recvfrom");
        }
        if (sendto(fd, buf, (size_t) n, 0, (struct sockaddr *) &from, from_len) < 0 && errno != ECONNREFUSED) die("sendto");
    }
}

/* Waits for one datagram; -1 after a second without one. */
static ssize_t receive(int fd, unsigned char *p, size_t room, int spin) {
    int64_t give_up = now_ns() + 1000000000LL;
    for (unsigned spins = 1;; spins++) {
        ssize_t n = recv(fd, p, room, spin ? MSG_DONTWAIT : 0);
        if (n >= 0) return n;
        if (errno != EAGAIN && errno != EINTR) die("recv");
        /* block: SO_RCVTIMEO ends the wait with EAGAIN; spin: the clock is read every 4096 tries */
        if ((!spin || spins % 4096 == 0) && now_ns() > give_up) return -1;
    }
}

static int ping(int port, int spin, int size, long warmup, long count, long budget_ms, const char *samples_file) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *) &a, sizeof a) < 0) die("connect");
    struct timeval second = {.tv_sec = 1};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &second, sizeof second) < 0) die("SO_RCVTIMEO");
    int64_t *samples = malloc(sizeof(int64_t) * (size_t) count);
    unsigned char *out = calloc(1, (size_t) size), *in = malloc(MAX_DATAGRAM);
    if (!samples || !out || !in) die("malloc");
    for (int i = 8; i < size; i++) out[i] = (unsigned char) (i * 31 + 7);
    int64_t start = now_ns(), warmup_end = start + budget_ms * 250000LL;
    int64_t deadline = start + budget_ms * 1000000LL, begin = 0;
    long measured = -1;
    for (uint64_t seq = 0;; seq++) {
        /* the same phases as the Java clients' RoundTripClock: budget looked at every 64 round trips */
        if (measured < 0 && ((long) seq >= warmup || (seq % 64 == 0 && now_ns() > warmup_end))) {
            measured = 0;
            begin = now_ns();
        }
        if (measured >= 0 && (measured == count || (measured % 64 == 0 && measured > 0 && now_ns() >= deadline))) break;
        put64(out, seq);
        int64_t t0 = now_ns();
        if (send(fd, out, (size_t) size, 0) != size) die("send");
        ssize_t n = receive(fd, in, MAX_DATAGRAM, spin);
        int64_t t1 = now_ns();
        if (n < 0) {
            fprintf(stderr, "no echo of probe %llu within a second\n", (unsigned long long) seq);
            return 1;
        }
        if (n != size || memcmp(in, out, (size_t) size) != 0) {
            fprintf(stderr, "echo %llu differs from the probe (%zd bytes back for %d)\n", (unsigned long long) seq, n, size);
            return 1;
        }
        if (measured >= 0) samples[measured++] = t1 - t0;
    }
    int64_t elapsed = now_ns() - begin;
    FILE *f = fopen(samples_file, "wb");
    if (!f || fwrite(samples, sizeof(int64_t), (size_t) measured, f) != (size_t) measured || fclose(f) != 0) die(samples_file);
    printf("ok %lld %ld\n", (long long) elapsed, measured);
    return 0;
}

static int usage(void) {
    fprintf(stderr, "usage: udplatency echo <spin|block> | ping <port> <spin|block> <size> <warmup> <count> <budget-ms> <file>\n");
    return 2;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "echo") == 0) echo(strcmp(argv[2], "spin") == 0);
    if (argc == 9 && strcmp(argv[1], "ping") == 0) {
        if (atoi(argv[4]) < 8 || atoi(argv[4]) > 65507 || atol(argv[6]) < 1) return usage();
        return ping(atoi(argv[2]), strcmp(argv[3], "spin") == 0, atoi(argv[4]), atol(argv[5]), atol(argv[6]), atol(argv[7]),
                    argv[8]);
    }
    return usage();
}
