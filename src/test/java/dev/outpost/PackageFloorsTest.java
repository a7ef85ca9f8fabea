package dev.outpost;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house has floors: {@code domain} at the bottom imports nothing of ours, and every package
 * imports only packages below it, so no two packages import each other, however indirectly. Read
 * from the sources: each import, and each name written out in full in code ({@code dev.outpost.x.Y}),
 * counts; comments do not.
 */
class PackageFloorsTest {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern USE = Pattern.compile("\\bdev\\.outpost((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void noPackageImportsAnotherThatImportsItBack() {
        Map<String, Set<String>> graph = packageGraph(Path.of("src/main/java"));
        assertThat(graph).containsKeys("dev.outpost.store", "dev.outpost.ingest");
        assertThat(cycle(graph)).as("a cycle of imports").isEmpty();
    }

    @Test
    void theGroundFloorImportsNothingOfOurs() {
        assertThat(packageGraph(Path.of("src/main/java")).get("dev.outpost.domain")).isEmpty();
    }

    @Test
    void storeImportsOnlyTheGroundFloor() {
        assertThat(packageGraph(Path.of("src/main/java")).get("dev.outpost.store")).containsOnly("dev.outpost.domain");
    }

    @Test
    void findsACycleWhereThereIsOne() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"), "d", Set.of());
        assertThat(cycle(graph)).containsExactly("a", "b", "c", "a");
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    /** Package → the packages of ours it uses, for every package with a source file. */
    static Map<String, Set<String>> packageGraph(Path root) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = COMMENT.matcher(Files.readString(f)).replaceAll(" ");
                Matcher pkg = PACKAGE.matcher(code);
                assertThat(pkg.find()).as("package line of " + f).isTrue();
                Set<String> uses = graph.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
                Matcher use = USE.matcher(code.substring(pkg.end()));
                while (use.find()) {
                    String used = "dev.outpost" + use.group(1);
                    if (!used.equals(pkg.group(1))) uses.add(used);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** One cycle as a path that ends where it starts, or an empty list when there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new HashMap<>(); // 1: on the current path, 2: done
        List<String> path = new ArrayList<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> found = visit(start, graph, state, path);
            if (!found.isEmpty()) return found;
        }
        return List.of();
    }

    private static List<String> visit(String p, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(p);
        if (s != null && s == 2) return List.of();
        if (s != null) {
            List<String> loop = new ArrayList<>(path.subList(path.indexOf(p), path.size()));
            loop.add(p);
            return loop;
        }
        state.put(p, 1);
        path.add(p);
        for (String next : new TreeSet<>(graph.getOrDefault(p, Set.of()))) {
            List<String> found = visit(next, graph, state, path);
            if (!found.isEmpty()) return found;
        }
        path.remove(path.size() - 1);
        state.put(p, 2);
        return List.of();
    }
}
