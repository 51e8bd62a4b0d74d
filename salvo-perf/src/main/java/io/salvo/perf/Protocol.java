package io.salvo.perf;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** What {@code --protocol} names: UDP datagrams, TCP, or a Unix stream socket (echo and latency only). */
enum Protocol {
    UDP, TCP, UNIX;

    /** The name on the command line and in reports. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the byte-stream protocols, which carry {@code length32} frames. */
    boolean isStream() {
        return this != UDP;
    }

    /** picocli converter: udp, tcp or unix, in any case. */
    static final class Converter implements ITypeConverter<Protocol> {
        @Override
        public Protocol convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "udp" -> UDP;
                case "tcp" -> TCP;
                case "unix" -> UNIX;
                default -> throw new TypeConversionException("unknown protocol '" + value + "': expected udp, tcp or unix");
            };
        }
    }
}
