package io.salvo.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JSON schema table of docs/salvo-perf.md: every documented key (dotted path) and its type. */
final class JsonSchemaDoc {

    private static final Path DOC = Path.of("..", "docs", "salvo-perf.md");
    private static final Pattern KEY = Pattern.compile("`([a-z0-9_.]+)`");

    private JsonSchemaDoc() {
    }

    /** Dotted key to documented type ({@code int}, {@code number or null}, ...), in table order. */
    static Map<String, String> keys() throws IOException {
        String doc = Files.readString(DOC);
        int from = doc.indexOf("## JSON schema");
        int to = doc.indexOf("\n## ", from + 1);
        String section = doc.substring(from, to < 0 ? doc.length() : to);
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : section.lines().toList()) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String type = cells[2].trim();
            Matcher m = KEY.matcher(cells[1]);
            while (m.find()) {
                keys.put(m.group(1), type);
            }
        }
        return keys;
    }
}
