/** salvo-perf: the command-line measurement tool, and its send and receive loops for salvo-bench. */
module io.salvo.perf {
    requires io.salvo.core;
    requires io.salvo.quic;
    requires info.picocli;
    requires HdrHistogram;
    requires com.fasterxml.jackson.databind;
    requires java.management;
    requires jdk.management;
    requires jdk.jfr; // --jfr: a flight recording of the run
    exports io.salvo.perf;
    opens io.salvo.perf to info.picocli;
}
