package dev.touchstone;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The top-level folders of {@code src/main/frontend} (player, labeling, labels, quality) import each other without
 * a cycle, as the Java modules do: a folder that two others need (the label model both the views and the workspace
 * edit) goes into a folder of its own that both import.
 */
class FrontendFoldersTest {

    private static final Path FRONTEND = Path.of("src", "main", "frontend");
    /** Vaadin writes generated/ on every build; it is not ours. */
    private static final Set<String> NOT_OURS = Set.of("generated");
    /** import ... from '...', import '...', export ... from '...' and import('...'). */
    private static final Pattern IMPORT = Pattern.compile(
            "(?:\\bfrom\\s*|\\bimport\\s*\\(?\\s*)['\"](\\.{1,2}/[^'\"]+)['\"]");

    @Test
    void frontendFoldersImportEachOtherWithoutACycle() throws IOException {
        Map<String, Set<String>> uses = folderImports();
        assertThat(uses).as("folders found under %s", FRONTEND.toAbsolutePath()).containsKeys("player", "labeling");
        List<String> cycles = cycles(uses);
        assertThat(cycles)
                .as("docs/architecture.md, Frontend: the folders of src/main/frontend import each other without a"
                        + " cycle (move what two folders share into one both import); imports between folders: "
                        + uses)
                .isEmpty();
    }

    /** For each top-level folder, the other top-level folders its files import from. */
    static Map<String, Set<String>> folderImports() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        Path root = FRONTEND.toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".ts") && root.relativize(p).getNameCount() > 1)
                    .filter(p -> !NOT_OURS.contains(root.relativize(p).getName(0).toString())).toList();
        }
        for (Path file : files) {
            String from = root.relativize(file).getName(0).toString();
            Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                Path target = file.getParent().resolve(m.group(1)).normalize();
                if (target.startsWith(root) && root.relativize(target).getNameCount() > 1) {
                    String to = root.relativize(target).getName(0).toString();
                    if (!to.equals(from)) {
                        targets.add(to);
                    }
                }
            }
        }
        return uses;
    }

    /** Every cycle, as "a -> b -> a", found by a depth-first walk from each folder. */
    static List<String> cycles(Map<String, Set<String>> uses) {
        List<String> found = new ArrayList<>();
        for (String start : uses.keySet()) {
            walk(start, start, new ArrayList<>(List.of(start)), uses, found);
        }
        return found;
    }

    private static void walk(String start, String at, List<String> path, Map<String, Set<String>> uses,
                             List<String> found) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                found.add(String.join(" -> ", path) + " -> " + start);
            } else if (!path.contains(next) && next.compareTo(start) > 0) {
                path.add(next);
                walk(start, next, path, uses, found);
                path.removeLast();
            }
        }
    }
}
