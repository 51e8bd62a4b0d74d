package io.salvo.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Run in a JVM of its own with a carrier pool of two ({@code -Djdk.virtualThreadScheduler.parallelism=2
 * -Djdk.virtualThreadScheduler.maxPoolSize=2}): N virtual-thread clients each connect and do
 * blocking request/response against a service that answers nobody until every request of a round
 * is in. So all N clients are parked in {@code recv()} at the same time on two carriers: were a wait
 * to pin its carrier (a blocking {@code poll(2)} downcall), the third client could never send and
 * the run would hang instead of printing {@code OK}.
 */
public final class VirtualThreadClientsMain {

    private VirtualThreadClientsMain() {
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        MessagingConfig<Msg> config = Messaging.config().build();
        try (Svc<Msg> svc = Svc.bind(Messaging.ANY_LOCAL_PORT, config)) {
            List<Clt<Msg>> askers = new ArrayList<>(); // poller thread only
            List<Msg> questions = new ArrayList<>();
            svc.onMessage((from, request) -> {
                askers.add(from);
                questions.add(request);
                if (askers.size() == clients) { // the whole round is parked in recv: answer everyone
                    for (int i = 0; i < clients; i++) {
                        if (!askers.get(i).trySend(Msg.response(questions.get(i)))) {
                            throw new IllegalStateException("outbound queue full");
                        }
                    }
                    askers.clear();
                    questions.clear();
                }
            });
            List<Future<Integer>> done = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int n = 0; n < clients; n++) {
                    int client = n;
                    done.add(threads.submit(() -> {
                        try (Clt<Msg> c = Clt.connect(svc.localAddress(), config)) {
                            for (int round = 0; round < rounds; round++) {
                                long id = client * 1_000L + round;
                                c.send(Msg.request(id));
                                Msg answer = c.recv();
                                if (answer.id() != id) {
                                    throw new AssertionError("client " + client + " got " + answer);
                                }
                            }
                        }
                        return rounds;
                    }));
                }
                int answered = 0;
                for (Future<Integer> f : done) {
                    answered += f.get(120, TimeUnit.SECONDS);
                }
                System.out.println("OK " + clients + " clients, " + answered + " answers, carriers "
                        + System.getProperty("jdk.virtualThreadScheduler.parallelism"));
            }
        }
    }
}
