package io.salvo.bench.tcp;

import java.util.Locale;

/** How the stream benchmarks' reports print a {@link Spread} and ratios: median with [min-max]. */
public final class SpreadFormat {

    private SpreadFormat() {
    }

    /** Microseconds: one decimal below 1,000, none above. */
    public static String micros(Spread s) {
        return String.format(Locale.ROOT, "%s [%s-%s]", oneDecimal(s.median()), oneDecimal(s.min()), oneDecimal(s.max()));
    }

    private static String oneDecimal(double us) {
        return us >= 1000 ? String.format(Locale.ROOT, "%.0f", us) : String.format(Locale.ROOT, "%.1f", us);
    }

    /** Nanoseconds with one decimal. */
    public static String nanos(Spread s) {
        return String.format(Locale.ROOT, "%.1f [%.1f-%.1f]", s.median(), s.min(), s.max());
    }

    /** A rate in {@link #human} form. */
    public static String rate(Spread s) {
        return human(s.median()) + " [" + human(s.min()) + "-" + human(s.max()) + "]";
    }

    /** A ratio as 1.23x, or "-" when there is none. */
    public static String times(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /** 1234567 as 1.23M, 45678 as 45.7k. */
    public static String human(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
