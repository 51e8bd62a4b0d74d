package io.salvo.bench.udplatency;

import io.salvo.bench.LatencyRun;
import io.salvo.bench.RoundTripClock;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code sockperf ping-pong --full-rtt --full-log FILE} leaves: the log's per-message
 * lines {@code packet, txTime(sec), rxTime(sec), rtt(usec)}, and from its standard output the
 * measured window's length ({@code [Valid Duration] RunTime=1.550 sec}).
 */
final class SockperfLog {

    private static final Pattern WINDOW = Pattern.compile("\\[Valid Duration\\] RunTime=([0-9.]+) sec");
    private static final Pattern SAMPLE = Pattern.compile("^\\s*\\d+,\\s*[0-9.]+,\\s*[0-9.]+,\\s*([0-9.]+)\\s*$");

    private SockperfLog() {
    }

    /** The round trips of the log, in the same histogram as the other systems'. */
    static LatencyRun parse(List<String> logLines, String output) {
        Matcher w = WINDOW.matcher(output);
        if (!w.find()) {
            throw new IllegalStateException("sockperf reported no measured window");
        }
        long[] rtt = new long[logLines.size()];
        int n = 0;
        for (String line : logLines) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                rtt[n++] = Math.round(Double.parseDouble(m.group(1)) * 1000);
            }
        }
        if (n == 0) {
            throw new IllegalStateException("sockperf's log holds no round trips");
        }
        return RoundTripClock.ofSamples(rtt, n, Math.round(Double.parseDouble(w.group(1)) * 1e9));
    }
}
