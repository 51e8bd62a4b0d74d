package io.salvo.perf;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code salvo-perf quic server|client}: Salvo's QUIC streamer and sender (salvo-quic, over Kwik),
 * one packet per unidirectional stream, measured against each other or against another QUIC
 * stack's client or server speaking the same ALPN.
 */
@Command(name = "quic", mixinStandardHelpOptions = true,
        description = "QUIC packets, one per unidirectional stream: 'quic server' runs Salvo's streamer, "
                + "'quic client' sends through Salvo's sender.",
        subcommands = {QuicServerCommand.class, QuicClientCommand.class})
final class QuicCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "quic needs a subcommand: server or client");
    }
}
