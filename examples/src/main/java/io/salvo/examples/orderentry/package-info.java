/**
 * A small order-entry protocol on {@code salvo-messaging}, as code to read and copy: traders log in,
 * send orders and cancels, and get one answer for each; both sides send heartbeats.
 *
 * <ul>
 *   <li>{@link io.salvo.examples.orderentry.OrderEntry}: the messages, plain records.</li>
 *   <li>{@link io.salvo.examples.orderentry.OrderEntryCodec}: the wire format: a 2-byte length,
 *       a type byte, a fixed binary layout per type ({@code FixedLayoutCodec} dispatched by
 *       {@code MessageTypeCodec}).</li>
 *   <li>{@link io.salvo.examples.orderentry.ExchangeHooks} and
 *       {@link io.salvo.examples.orderentry.TraderHooks}: the protocol around the application's
 *       messages ({@code ProtocolHooks}): login with a timeout, heartbeats, orders invalid on their
 *       own answered with a {@code Reject} before the application sees them, and a gate for
 *       messages a side must never receive.</li>
 *   <li>{@link io.salvo.examples.orderentry.OrderEntryProtocol}: each side's configuration.</li>
 *   <li>{@link io.salvo.examples.orderentry.OrderEntryServer}: the exchange, one poller thread
 *       for every session (the callback flavour), over TCP or UDP.</li>
 *   <li>{@link io.salvo.examples.orderentry.OrderEntryClient}: a trader's session with a request
 *       call per flavour: blocking (virtual threads welcome), spinning, asynchronous.</li>
 *   <li>{@link io.salvo.examples.orderentry.OrderEntryExample}: all of it in a few lines, the
 *       README's example.</li>
 * </ul>
 *
 * The tests in {@code examples/src/test} run the protocol end to end over TCP and UDP in each
 * flavour; see {@code examples/README.md}.
 */
package io.salvo.examples.orderentry;
