package io.salvo.perf;

import java.io.PrintStream;

/** A finished measurement, as salvo-perf prints it: a JSON document or a text summary. */
interface Report {

    /** The {@code --json} document, on one line. */
    String json();

    /** The text summary. */
    void printSummary(PrintStream out);
}
