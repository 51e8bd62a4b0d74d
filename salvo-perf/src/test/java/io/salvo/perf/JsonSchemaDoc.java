package io.salvo.perf;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON schema tables of docs/salvo-perf.md: every documented key (dotted path) and its type, and a check against a document. */
final class JsonSchemaDoc {

    private static final Path DOC = Path.of("..", "docs", "salvo-perf.md");
    private static final Pattern KEY = Pattern.compile("`([a-z0-9_.]+)`");

    /** The headings of the schema sections, one per kind of JSON document. */
    static final String UDP = "## JSON schema";
    static final String TCP = "## JSON schema: TCP";
    static final String TCP_SERVER = "## JSON schema: server --protocol tcp";
    static final String LATENCY = "## JSON schema: latency";
    static final String LATENCY_RATE = "## JSON schema: latency --rate";
    static final String QUIC_SERVER = "## JSON schema: quic server";
    static final String QUIC_CLIENT = "## JSON schema: quic client";

    private JsonSchemaDoc() {
    }

    /** The UDP report's keys. */
    static Map<String, String> keys() throws IOException {
        return keys(UDP);
    }

    /** Dotted key to documented type ({@code int}, {@code number or null}, ...), in table order, of one section. */
    static Map<String, String> keys(String heading) throws IOException {
        String doc = Files.readString(DOC);
        int from = doc.indexOf("\n" + heading + "\n");
        assertThat(from).as("docs/salvo-perf.md has a section '" + heading + "'").isNotNegative();
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

    /**
     * Asserts that the document carries every key the section documents, with the documented type,
     * and no other (the children of an object that is null are absent).
     */
    static void assertFollows(JsonNode json, String heading) throws IOException {
        Map<String, String> documented = keys(heading);
        Map<String, JsonNode> present = new HashMap<>();
        flatten("", json, present);
        for (Map.Entry<String, String> e : documented.entrySet()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            if (dot > 0 && present.containsKey(key.substring(0, dot)) && present.get(key.substring(0, dot)).isNull()) {
                continue;
            }
            assertThat(present).as("documented key " + key).containsKey(key);
            assertThat(hasType(present.get(key), e.getValue())).as(key + " is a " + e.getValue() + ": " + present.get(key))
                    .isTrue();
        }
        Set<String> undocumented = new TreeSet<>(present.keySet());
        undocumented.removeAll(documented.keySet());
        assertThat(undocumented).as("keys in the JSON but not in docs/salvo-perf.md, section " + heading).isEmpty();
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> into) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = prefix + e.getKey();
            into.put(key, e.getValue());
            if (e.getValue().isObject()) {
                flatten(key + ".", e.getValue(), into);
            }
        }
    }

    static boolean hasType(JsonNode v, String type) {
        if (type.endsWith(" or null")) {
            return v.isNull() || hasType(v, type.substring(0, type.length() - " or null".length()));
        }
        return switch (type) {
            case "string" -> v.isTextual();
            case "int" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "bool" -> v.isBoolean();
            case "object" -> v.isObject();
            default -> throw new AssertionError("docs/salvo-perf.md names an unknown type: " + type);
        };
    }
}
