// The kernel's floor for salvo-bench poller: the same measurements with nothing but C between the
// benchmark and the kernel. N non-blocking UDP sockets bound to 127.0.0.k:0 (k from 1 up as ports
// run out), one level-triggered epoll set, a receiver thread that waits in epoll_wait (256 events)
// and calls recvmmsg (MSG_DONTWAIT | MSG_WAITFORONE, 2 messages, sources asked for) on each ready
// socket, and the main thread as the paced sender: sendmmsg bursts to consecutive targets.
//
// usage: pollerbench SOCKETS IDLE_SECONDS TRAFFIC_SECONDS RATE BURST PAYLOAD HOT_STEP WINDOWS ROUNDS
// Prints key=value lines (times in ns); salvo-bench's CBaseline reads them.
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define STOP_TOKEN (-1L)

static int n_sockets;
static int *fds;
static struct sockaddr_in *addrs;
static int ep;
static int stop_fd;
static atomic_long received;
static atomic_long receive_calls;
static atomic_int stopping;

static long now(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void sleep_nanos(long ns) {
    if (ns <= 0) return;
    struct timespec t = {ns / 1000000000L, ns % 1000000000L};
    while (nanosleep(&t, &t) < 0 && errno == EINTR) {
    }
}

static void *receiver(void *arg) {
    (void) arg;
    struct epoll_event events[256];
    char bufs[2][2048];
    struct sockaddr_storage names[2];
    struct iovec iov[2];
    struct mmsghdr msgs[2];
    while (!atomic_load(&stopping)) {
        int k = epoll_wait(ep, events, 256, -1);
        for (int i = 0; i < k; i++) {
            if ((long) events[i].data.u64 == STOP_TOKEN) continue;
            int fd = (int) events[i].data.u64;
            for (int j = 0; j < 2; j++) {
                iov[j].iov_base = bufs[j];
                iov[j].iov_len = sizeof bufs[j];
                memset(&msgs[j], 0, sizeof msgs[j]);
                msgs[j].msg_hdr.msg_iov = &iov[j];
                msgs[j].msg_hdr.msg_iovlen = 1;
                msgs[j].msg_hdr.msg_name = &names[j];
                msgs[j].msg_hdr.msg_namelen = sizeof names[j];
            }
            int r = recvmmsg(fd, msgs, 2, MSG_DONTWAIT | MSG_WAITFORONE, NULL);
            if (r > 0) {
                atomic_fetch_add(&received, r);
                atomic_fetch_add(&receive_calls, 1);
            }
        }
    }
    return NULL;
}

static void watch_all(int op) {
    for (int i = 0; i < n_sockets; i++) {
        struct epoll_event e = {.events = EPOLLIN, .data.u64 = (unsigned long) fds[i]};
        if (epoll_ctl(ep, op, fds[i], &e) < 0) {
            perror("epoll_ctl");
            exit(1);
        }
    }
}

static void await_delivery(long received0, long sent) {
    long last = atomic_load(&received), changed = now(CLOCK_MONOTONIC);
    while (last - received0 < sent && now(CLOCK_MONOTONIC) - changed < 100000000L) {
        sleep_nanos(1000000);
        long r = atomic_load(&received);
        if (r != last) {
            last = r;
            changed = now(CLOCK_MONOTONIC);
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 10) {
        fprintf(stderr, "usage: pollerbench SOCKETS IDLE_S TRAFFIC_S RATE BURST PAYLOAD HOT_STEP WINDOWS ROUNDS\n");
        return 2;
    }
    n_sockets = atoi(argv[1]);
    double idle_seconds = atof(argv[2]), traffic_seconds = atof(argv[3]);
    int rate = atoi(argv[4]), burst = atoi(argv[5]), payload_size = atoi(argv[6]), hot_step = atoi(argv[7]);
    int windows = atoi(argv[8]), rounds = atoi(argv[9]);
    fds = calloc(n_sockets, sizeof *fds);
    addrs = calloc(n_sockets, sizeof *addrs);
    int host = 1;
    for (int i = 0; i < n_sockets; i++) {
        int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (s < 0) {
            perror("socket");
            return 1;
        }
        struct sockaddr_in a = {.sin_family = AF_INET};
        a.sin_addr.s_addr = htonl(0x7f000000 | host);
        while (bind(s, (struct sockaddr *) &a, sizeof a) < 0) {
            if (errno != EADDRINUSE || ++host > 254) {
                perror("bind");
                return 1;
            }
            a.sin_addr.s_addr = htonl(0x7f000000 | host);
        }
        socklen_t len = sizeof a;
        getsockname(s, (struct sockaddr *) &a, &len);
        fds[i] = s;
        addrs[i] = a;
    }
    printf("addresses=%d\n", host);
    ep = epoll_create1(EPOLL_CLOEXEC);
    stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    struct epoll_event se = {.events = EPOLLIN, .data.u64 = (unsigned long) STOP_TOKEN};
    epoll_ctl(ep, EPOLL_CTL_ADD, stop_fd, &se);

    // Registration rounds, unregistering everything between them, as the Java side does.
    for (int round = 0; round < rounds; round++) {
        if (round > 0) {
            long t0 = now(CLOCK_MONOTONIC);
            watch_all(EPOLL_CTL_DEL);
            printf("unregistration=%ld\n", now(CLOCK_MONOTONIC) - t0);
        }
        long c0 = now(CLOCK_THREAD_CPUTIME_ID), t0 = now(CLOCK_MONOTONIC);
        watch_all(EPOLL_CTL_ADD);
        printf("registration=%ld cpu=%ld\n", now(CLOCK_MONOTONIC) - t0, now(CLOCK_THREAD_CPUTIME_ID) - c0);
    }

    pthread_t thread;
    pthread_create(&thread, NULL, receiver, NULL);
    clockid_t rx_clock;
    pthread_getcpuclockid(thread, &rx_clock);
    sleep_nanos(300000000L);
    long idle_cpu0 = now(rx_clock), idle0 = now(CLOCK_MONOTONIC);
    sleep_nanos((long) (idle_seconds * 1e9));
    printf("idle_cpu=%ld idle=%ld\n", now(rx_clock) - idle_cpu0, now(CLOCK_MONOTONIC) - idle0);

    int tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int sndbuf = 4 << 20;
    setsockopt(tx, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    char *payload = calloc(1, payload_size);
    struct iovec iov = {payload, (size_t) payload_size};
    struct mmsghdr *msgs = calloc(burst, sizeof *msgs);
    for (int pattern = 0; pattern < 2; pattern++) {
        int step = pattern == 0 ? 1 : hot_step;
        int targets = (n_sockets + step - 1) / step;
        int b = burst < targets ? burst : targets;
        long interval = rate > 0 ? (long) (b * 1e9 / rate) : 0;
        long cursor = 0;
        long sent = 0, first_received0 = atomic_load(&received), first_cpu0 = now(rx_clock);
        double first = 0, window_cost[64];
        long received0 = 0, calls0 = 0, cpu0 = 0, t0 = 0, total_sent = 0;
        // pass -1: one datagram to each target (unmeasured); then the windows back to back
        for (int w = -1; w < windows; w++) {
            long window_received0 = atomic_load(&received), window_cpu0 = now(rx_clock);
            long start = now(CLOCK_MONOTONIC), next = start, end = start + (long) (traffic_seconds / windows * 1e9);
            sent = 0;
            if (w == 0) {
                received0 = atomic_load(&received);
                calls0 = atomic_load(&receive_calls);
                cpu0 = now(rx_clock);
                t0 = now(CLOCK_MONOTONIC);
            }
            while (w < 0 ? sent < targets : now(CLOCK_MONOTONIC) < end) {
                int count = w < 0 && targets - sent < b ? (int) (targets - sent) : b;
                for (int j = 0; j < count; j++) {
                    memset(&msgs[j], 0, sizeof msgs[j]);
                    msgs[j].msg_hdr.msg_iov = &iov;
                    msgs[j].msg_hdr.msg_iovlen = 1;
                    msgs[j].msg_hdr.msg_name = &addrs[cursor * step];
                    msgs[j].msg_hdr.msg_namelen = sizeof addrs[0];
                    cursor = cursor + 1 == targets ? 0 : cursor + 1;
                }
                int done = 0;
                while (done < count) {
                    int r = sendmmsg(tx, msgs + done, count - done, 0);
                    if (r > 0) done += r; else sleep_nanos(20000);
                }
                sent += count;
                if (interval > 0) {
                    next += interval;
                    sleep_nanos(next - now(CLOCK_MONOTONIC));
                }
            }
            if (w < 0) {
                await_delivery(first_received0, sent);
                long got = atomic_load(&received) - first_received0;
                first = (double) (now(rx_clock) - first_cpu0) / (got > 0 ? got : 1);
                cursor = 0;
                continue;
            }
            total_sent += sent;
            if (w == windows - 1) await_delivery(received0, total_sent);
            long got = atomic_load(&received) - window_received0;
            window_cost[w] = got > 0 ? (double) (now(rx_clock) - window_cpu0) / got : 0;
        }
        printf("traffic=%s active=%d sent=%ld received=%ld calls=%ld cpu=%ld elapsed=%ld first=%.1f windows=",
               pattern == 0 ? "all" : "hot", targets, total_sent, atomic_load(&received) - received0,
               atomic_load(&receive_calls) - calls0, now(rx_clock) - cpu0, now(CLOCK_MONOTONIC) - t0, first);
        for (int w = 0; w < windows; w++) printf(w == 0 ? "%.1f" : ",%.1f", window_cost[w]);
        printf("\n");
    }
    atomic_store(&stopping, 1);
    unsigned long one = 1;
    if (write(stop_fd, &one, sizeof one) < 0) perror("write");
    pthread_join(thread, NULL);
    fflush(stdout);
    return 0;
}
