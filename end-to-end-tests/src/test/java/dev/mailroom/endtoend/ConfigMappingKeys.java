package dev.mailroom.endtoend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The property names a service's {@code @ConfigMapping} interfaces declare, read from their source (the services are
 * not on this module's classpath): {@code router.smtp.connections} from {@code smtp().connections()}.
 */
final class ConfigMappingKeys {

    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface (\\w+)");
    private static final Pattern METHOD = Pattern.compile("^\\s*([\\w.]+)(?:<[^()]*>)?\\s+(\\w+)\\(\\);");

    private ConfigMappingKeys() {
    }

    static Set<String> of(Path sources) throws IOException {
        Set<String> keys = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(file -> file.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            String source = Files.readString(file);
            Matcher prefix = PREFIX.matcher(source);
            if (prefix.find()) {
                keys.addAll(keys(prefix.group(1), source));
            }
        }
        return keys;
    }

    /** Methods per interface, then each interface's prefix: a nested one is named by the method that returns it. */
    private static List<String> keys(String prefix, String source) {
        Map<String, List<String[]>> methods = new HashMap<>();
        Map<String, String> enclosing = new HashMap<>();
        Deque<String[]> open = new ArrayDeque<>();
        int depth = 0;
        String top = null;
        for (String line : source.split("\n")) {
            String code = line.replaceAll("//.*|/\\*.*?\\*/|^\\s*\\*.*", "");
            Matcher declared = INTERFACE.matcher(code);
            if (declared.find()) {
                String name = declared.group(1);
                if (top == null) {
                    top = name;
                } else {
                    enclosing.put(name, open.peek()[0]);
                }
                open.push(new String[] {name, String.valueOf(depth + 1)});
            }
            Matcher method = METHOD.matcher(code);
            if (method.find() && !open.isEmpty()) {
                methods.computeIfAbsent(open.peek()[0], k -> new ArrayList<>())
                        .add(new String[] {method.group(1), method.group(2)});
            }
            for (char c : code.toCharArray()) {
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            while (!open.isEmpty() && depth < Integer.parseInt(open.peek()[1])) {
                open.pop();
            }
        }
        List<String> keys = new ArrayList<>();
        collect(top, prefix, methods, enclosing, keys);
        return keys;
    }

    private static void collect(String type, String prefix, Map<String, List<String[]>> methods,
            Map<String, String> enclosing, List<String> keys) {
        for (String[] method : methods.getOrDefault(type, List.of())) {
            String key = prefix + "." + kebab(method[1]);
            if (type.equals(enclosing.get(method[0]))) {
                collect(method[0], key, methods, enclosing, keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
