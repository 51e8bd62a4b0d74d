package io.salvo.perf;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a text report back (the summary, the TCP server's report, latency's): its rows by name,
 * and numbers as printed, with the precision they were printed to.
 */
final class SummaryText {

    private static final Pattern ROW = Pattern.compile("^  (.{26}) (.*)$");

    private final Map<String, String> rows = new LinkedHashMap<>();

    SummaryText(String text) {
        boolean inSummary = false;
        for (String line : text.lines().toList()) {
            if (line.equals("salvo-perf summary") || line.equals("salvo-perf latency")
                    || line.equals("salvo-perf server report")) {
                inSummary = true;
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (inSummary && m.matches()) {
                rows.put(m.group(1).trim(), m.group(2));
            }
        }
    }

    boolean has(String row) {
        return rows.containsKey(row);
    }

    String row(String name) {
        assertThat(rows).as("summary rows").containsKey(name);
        return rows.get(name);
    }

    /** The groups of {@code regex} matched against the whole row. */
    String[] match(String name, String regex) {
        Matcher m = Pattern.compile(regex).matcher(row(name));
        assertThat(m.matches()).as("row '%s' = '%s' matches %s", name, row(name), regex).isTrue();
        String[] groups = new String[m.groupCount()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = m.group(i + 1);
        }
        return groups;
    }

    /** A count as printed, thousands separators and all. */
    static long count(String printed) {
        return Long.parseLong(printed.replace(",", ""));
    }

    /** Asserts that {@code actual} prints as {@code printed}: within half a unit of its last digit. */
    static void assertPrintedAs(double actual, String printed, String what) {
        assertWithin(actual, Double.parseDouble(printed.replace(",", "")), halfUnit(printed), what);
    }

    /** Asserts a rate printed by {@link Format#rate}: a number with an optional k or M prefix. */
    static void assertRatePrintedAs(double actual, String printed, String what) {
        Matcher m = Pattern.compile("([0-9.]+) ([kM]?)").matcher(printed);
        assertThat(m.matches()).as(what + ": '" + printed + "'").isTrue();
        double scale = switch (m.group(2)) {
            case "M" -> 1e6;
            case "k" -> 1e3;
            default -> 1;
        };
        assertWithin(actual, Double.parseDouble(m.group(1)) * scale, halfUnit(m.group(1)) * scale, what);
    }

    private static double halfUnit(String printed) {
        int dot = printed.indexOf('.');
        int decimals = dot < 0 ? 0 : printed.length() - dot - 1;
        return 0.5 * Math.pow(10, -decimals);
    }

    private static void assertWithin(double actual, double printed, double halfUnit, String what) {
        // Decimal parsing and scaling add a few ulps; allow a relative hair over half a unit.
        double slack = halfUnit + Math.abs(actual) * 1e-12;
        assertThat(Math.abs(actual - printed)).as(String.format(Locale.ROOT, "%s: %s printed as %s", what, actual, printed))
                .isLessThanOrEqualTo(slack);
    }
}
