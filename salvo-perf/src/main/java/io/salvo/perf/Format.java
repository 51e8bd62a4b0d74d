package io.salvo.perf;

import java.util.Locale;
import java.util.Map;

/** How the text output writes rates, counts and counters; one place, so the summary and progress lines agree. */
final class Format {

    private Format() {
    }

    /** A rate with a unit prefix: {@code "1.25 M"}, {@code "495.5 k"}, {@code "12 "}. */
    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f ", perSecond);
    }

    /** A count with thousands separators: {@code "1,234,567"}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The non-zero counters as {@code name=count, ...} (lower-case names), or {@code none}. */
    static String counters(Map<? extends Enum<?>, Long> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, n) -> {
            if (n != 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(k.name().toLowerCase(Locale.ROOT)).append('=').append(count(n));
            }
        });
        return sb.isEmpty() ? "none" : sb.toString();
    }

    static String nsPerDatagram(double v) {
        return nsPer(v, "datagram");
    }

    /** {@code "12.3 ns per message"}, or {@code n/a} for NaN. */
    static String nsPer(double v, String unit) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f ns per %s", v, unit);
    }

    static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
