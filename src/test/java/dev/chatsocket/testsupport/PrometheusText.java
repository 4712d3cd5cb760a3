package dev.chatsocket.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A strict reader of the Prometheus text exposition format, version 0.0.4: every line must be a
 * {@code # HELP}, a {@code # TYPE}, another comment, or a sample with a well-formed name, labels
 * and value. It refuses what Prometheus would refuse or what would be ambiguous: a TYPE after the
 * family's samples or given twice, a family whose samples are not together, the same series
 * twice, bad escapes, a negative counter. Written for the tests, so that they check the format
 * and not just look for substrings.
 */
public final class PrometheusText {
    /** One sample: the series name, its labels (sorted by name) and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The TYPE declared for a family: counter, gauge, histogram, summary or untyped. */
    public String type(String family) {
        return types.get(family);
    }

    /** The value of the one series with this name and exactly these labels; 0 when it is absent. */
    public double value(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(new TreeMap<>(labels)))
                .mapToDouble(Sample::value).findFirst().orElse(0);
    }

    /** Whether a series with this name exists, whatever its labels. */
    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    public static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> familiesSeen = new HashSet<>();
        Set<String> series = new HashSet<>();
        String currentFamily = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length - 1; n++) {
            String line = lines[n];
            String where = "line " + (n + 1) + ": " + line;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && parts[1].equals("HELP")) {
                    require(isMetricName(parts[2]), where, "bad metric name");
                    require(helped.add(parts[2]), where, "HELP given twice");
                    if (parts.length == 4) {
                        checkHelpEscapes(parts[3], where);
                    }
                } else if (parts.length >= 3 && parts[1].equals("TYPE")) {
                    require(parts.length == 4, where, "TYPE without a type");
                    require(isMetricName(parts[2]), where, "bad metric name");
                    require(Set.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3]),
                            where, "unknown type");
                    require(!types.containsKey(parts[2]), where, "TYPE given twice");
                    require(!familiesSeen.contains(parts[2]), where, "TYPE after the family's samples");
                    types.put(parts[2], parts[3]);
                }
                continue;
            }
            Sample sample = parseSample(line, where);
            String family = familyOf(sample.name(), types);
            if (!family.equals(currentFamily)) {
                require(!familiesSeen.contains(family), where, "the samples of " + family + " are not together");
                familiesSeen.add(family);
                currentFamily = family;
            }
            require(series.add(sample.name() + sample.labels()), where, "the same series twice");
            if ("counter".equals(types.get(family))) {
                require(sample.value() >= 0, where, "a counter is never negative");
            }
            samples.add(sample);
        }
        return new PrometheusText(List.copyOf(samples), Map.copyOf(types));
    }

    /** The family a sample belongs to: its own name or, for the suffixes the types add, the base. */
    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_total", "_created", "_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return name;
    }

    private static Sample parseSample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        require(isMetricName(name), where, "bad metric name");
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                require(i < line.length(), where, "labels not closed");
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                require(eq > i, where, "label without a value");
                String label = line.substring(i, eq);
                require(label.matches("[a-zA-Z_][a-zA-Z0-9_]*"), where, "bad label name " + label);
                i = eq + 1;
                require(i < line.length() && line.charAt(i) == '"', where, "label value not quoted");
                i++;
                StringBuilder value = new StringBuilder();
                while (true) {
                    require(i < line.length(), where, "label value not closed");
                    char c = line.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        require(i < line.length(), where, "escape at end of line");
                        char e = line.charAt(i++);
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw new IllegalArgumentException(where + ": bad escape \\" + e);
                        }
                    } else {
                        value.append(c);
                    }
                }
                require(labels.put(label, value.toString()) == null, where, "label " + label + " twice");
                require(i < line.length(), where, "labels not closed");
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
        }
        require(i < line.length() && line.charAt(i) == ' ', where, "no space before the value");
        String[] rest = line.substring(i + 1).split(" ");
        require(rest.length == 1 || rest.length == 2, where, "value and at most a timestamp");
        if (rest.length == 2) {
            require(rest[1].matches("-?[0-9]+"), where, "bad timestamp");
        }
        return new Sample(name, labels, parseValue(rest[0], where));
    }

    private static double parseValue(String text, String where) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                require(text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?"), where,
                        "bad value " + text);
                return Double.parseDouble(text);
        }
    }

    private static void checkHelpEscapes(String help, String where) {
        for (int i = 0; i < help.length(); i++) {
            if (help.charAt(i) == '\\') {
                require(i + 1 < help.length() && (help.charAt(i + 1) == '\\' || help.charAt(i + 1) == 'n'),
                        where, "bad escape in HELP");
                i++;
            }
        }
    }

    private static boolean isMetricName(String name) {
        return name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
    }

    private static void require(boolean condition, String where, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(where + ": " + problem);
        }
    }
}
