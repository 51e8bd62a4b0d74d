/**
 * Typed messaging over Salvo's transports: {@link io.salvo.messaging.Clt} (a connection) and
 * {@link io.salvo.messaging.Svc} (a service that makes one per accepted connection), over TCP, Unix
 * stream sockets or datagrams, after the {@code links} library.
 *
 * <p>A {@link io.salvo.messaging.Framer} cuts the byte stream into frames, a
 * {@link io.salvo.messaging.Codec} turns a frame into a message and back (one codec per connection
 * side, so flyweights are per connection), {@link io.salvo.messaging.ProtocolHooks} add a login,
 * heartbeats, automatic replies and a gate, and one {@link io.salvo.messaging.MessagingConfig}
 * holds it all with the limits that keep a hostile peer from costing more than a closed connection
 * and a counter: maximum frame size, per-frame read deadline, bounded outbound queue, maximum
 * connections.
 *
 * <p>Every connection is serviced by a {@link io.salvo.messaging.MessagingPoller} (one thread for
 * many connections; by default a shared one): it reads in the background, finishes partial writes,
 * runs the one timer of the deadlines and heartbeats, and wakes parked threads. (While a thread
 * spins in {@code recv(timeout)} on a stream connection, the poller leaves that socket to it.) The
 * application chooses, per connection, how it waits:
 *
 * <pre>{@code
 * MessagingConfig<Order> config = MessagingConfig.builder(framer, OrderCodec::new).name("orders").build();
 * try (Svc<Order> svc = Svc.bind(new InetSocketAddress(7000), config)) {
 *     svc.onMessage((from, order) -> from.trySend(ack(order)));        // async: on the poller thread
 *
 *     try (Clt<Order> clt = Clt.connect(svc.localAddress(), config)) {
 *         // non-blocking: never blocks; the timed variants spin (Thread.onSpinWait), never park
 *         clt.trySend(order);                                          // false: outbound queue full
 *         Order ack = clt.recv(Duration.ofMillis(5));                  // null: nothing within 5 ms
 *
 *         // blocking: parks the thread (a virtual thread leaves its carrier) until done
 *         clt.send(order);
 *         ack = clt.recv();
 *
 *         // asynchronous: futures completed by the poller thread
 *         clt.sendAsync(order).thenCompose(sent -> clt.recvAsync()).thenAccept(System.out::println);
 *     }
 * }
 * }</pre>
 *
 * <p>Over datagrams ({@link io.salvo.messaging.Clt#overDatagrams}, {@link io.salvo.messaging.Svc#overDatagrams})
 * the API is the same and the delivery unreliable: one message per datagram with a sequence number,
 * and what is lost, duplicated or late is counted in the stats.
 */
package io.salvo.messaging;
