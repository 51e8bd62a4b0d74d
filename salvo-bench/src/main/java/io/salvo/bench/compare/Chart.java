package io.salvo.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SVG bar chart of the comparison: one group per cell, one bar per system (median received
 * datagrams/s, log scale so 64-byte and GSO cells share one axis), with the min-max range as a whisker.
 */
final class Chart {

    private static final Map<String, String> COLORS = Map.of("c", "#495057", "salvo", "#d9480f", "salvo-mmsg-only",
            "#f59f00", "jdk-nio", "#1c7ed6", "netty-epoll", "#2b8a3e");
    private static final int BAR = 28;
    private static final int GAP = 64;
    private static final int HEIGHT = 320;
    private static final int TOP = 56;
    private static final int LEFT = 70;

    private Chart() {
    }

    static Path writeSvg(List<Summary> summaries, Path dir) throws IOException {
        Map<String, List<Summary>> byCell = new LinkedHashMap<>();
        for (Summary s : summaries) {
            byCell.computeIfAbsent(s.cell().label(), k -> new ArrayList<>()).add(s);
        }
        double max = summaries.stream().mapToDouble(Summary::maxPps).filter(d -> d > 0).max().orElse(1);
        double logMax = Math.ceil(Math.log10(max));
        double logMin = 4; // 10k datagrams/s at the bottom
        int width = LEFT + byCell.values().stream().mapToInt(l -> l.size() * BAR + GAP).sum() + 160;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, HEIGHT + TOP + 70));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">Received datagrams/s on loopback "
                + "(median, min-max), log scale</text>%n", LEFT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"38\" fill=\"#555\">%s</text>%n", LEFT,
                escape(Report.machine())));
        for (int p = (int) logMin; p <= logMax; p++) {
            double y = y(Math.pow(10, p), logMin, logMax);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, width - 150, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
                    Report.human(Math.pow(10, p))));
        }
        int x = LEFT + 10;
        for (Map.Entry<String, List<Summary>> e : byCell.entrySet()) {
            int groupStart = x;
            for (Summary s : e.getValue()) {
                double top = y(s.medianPps(), logMin, logMax);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s dgram/s</title></rect>%n",
                        x, top, BAR - 4, TOP + HEIGHT - top, COLORS.getOrDefault(s.system(), "#888"), escape(s.cell().label()),
                        s.system(), Report.human(s.medianPps())));
                double lo = y(s.minPps(), logMin, logMax);
                double hi = y(s.maxPps(), logMin, logMax);
                int cx = x + (BAR - 4) / 2;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>%n", cx, cx, lo, hi));
                x += BAR;
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    (groupStart + x - 4) / 2, TOP + HEIGHT + 18, escape(e.getKey())));
            x += GAP;
        }
        int ly = TOP + 10;
        for (Map.Entry<String, String> c : new java.util.TreeMap<>(COLORS).entrySet()) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", width - 140, ly, c.getValue(), width - 122, ly + 10, c.getKey()));
            ly += 18;
        }
        svg.append("</svg>\n");
        Files.createDirectories(dir);
        Path file = dir.resolve("comparison.svg");
        Files.writeString(file, svg);
        return file;
    }

    private static double y(double pps, double logMin, double logMax) {
        double v = Math.max(logMin, Math.log10(Math.max(1, pps)));
        return TOP + HEIGHT - (v - logMin) / (logMax - logMin) * HEIGHT;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
