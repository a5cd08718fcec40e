package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.publishers.RangePublisher;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout the modules promise, read from their compiled classes: what each module exports,
 * which types are public, that the scheduler needs nothing from Reactive Streams, and that no two
 * packages depend on each other. Reads the class files themselves (constant pool and access flags),
 * so it holds whether the modules are on the class path as directories or as jars.
 */
class ModuleLayoutTest {

    private static final Pattern DESCRIPTOR_REF = Pattern.compile("L(dev/rill/[\\w/$]+);");

    private static final List<FileSystem> JARS = new ArrayList<>();
    private static Path engine;
    private static Path publishers;
    private static Path operators;
    private static Path testKit;

    @BeforeAll
    static void locateModules() throws IOException, URISyntaxException {
        engine = root(Engine.class);
        publishers = root(RangePublisher.class);
        operators = root(Rill.class);
        testKit = root(dev.rill.test.StepVerifier.class);
    }

    @AfterAll
    static void closeJars() throws IOException {
        for (FileSystem fs : JARS) {
            fs.close();
        }
    }

    @Test
    void eachModuleExportsOnlyItsApiPackages() throws IOException {
        assertThat(descriptor(engine).exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("dev.rill.engine", "dev.rill.engine.reactor", "dev.rill.engine.rxjava",
                        "dev.rill.engine.micrometer");
        assertThat(descriptor(publishers).exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("dev.rill.signal", "dev.rill.publishers");
        assertThat(descriptor(operators).exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.rill");
        assertThat(descriptor(testKit).exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.rill.test");
    }

    @Test
    void theTestKitIsTwoPublicTypes() throws IOException {
        assertThat(publicTopLevelTypes(testKit, "dev/rill/test")).containsExactlyInAnyOrder(
                "StepVerifier", "TestSubscriber");
    }

    @Test
    void operatorsArePackagePrivateBesideRill() throws IOException {
        assertThat(publicTopLevelTypes(operators, "dev/rill")).containsExactlyInAnyOrder(
                "Rill", "Timed", "BufferOverflow", "Sinks", "ConnectableRill", "Signal", "GroupedRill",
                "ParallelRill", "Retry");
    }

    @Test
    void theEnginePublishesOnlyItsApi() throws IOException {
        assertThat(publicTopLevelTypes(engine, "dev/rill/engine")).containsExactlyInAnyOrder(
                "Engine", "Scheduler", "Task", "Budget", "Cancellable", "Rejectable", "StuckWorker", "TimerHandle",
                "EngineMetrics", "WorkerMetrics", "VirtualTimeScheduler", "BlockingScheduler");
        assertThat(descriptor(engine).packages()).contains("dev.rill.engine.adapter");
    }

    @Test
    void theSchedulerNeedsNothingFromReactiveStreams() throws IOException {
        for (String pkg : List.of("dev/rill/engine", "dev/rill/engine/adapter")) {
            for (Path c : classes(engine, pkg)) {
                assertThat(constants(c)).as(c.toString()).noneMatch(s -> s.contains("org/reactivestreams"));
            }
        }
        assertThat(descriptor(engine).requires()).extracting(ModuleDescriptor.Requires::name)
                .doesNotContain("org.reactivestreams");
    }

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path root : List.of(engine, publishers, operators)) {
            try (Stream<Path> all = Files.walk(root.resolve("dev"))) {
                for (Path c : all.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                    String from = packageOf(root.relativize(c).toString().replace('\\', '/'));
                    Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
                    for (String s : constants(c)) {
                        for (String ref : referencedClasses(s)) {
                            to.add(packageOf(ref));
                        }
                    }
                    to.remove(from);
                }
            }
        }
        assertThat(uses).containsKeys("dev/rill", "dev/rill/engine", "dev/rill/signal", "dev/rill/publishers");
        assertThat(cycles(uses)).isEmpty();
    }

    // ------------------------------------------------------------------ reading the class files

    private static Path root(Class<?> c) throws IOException, URISyntaxException {
        Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(p)) {
            return p;
        }
        FileSystem jar = FileSystems.newFileSystem(p);
        JARS.add(jar);
        return jar.getPath("/");
    }

    private static ModuleDescriptor descriptor(Path root) throws IOException {
        try (InputStream in = Files.newInputStream(root.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    private static List<Path> classes(Path root, String pkg) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(pkg))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".class")).sorted().collect(Collectors.toList());
        }
    }

    private static Set<String> publicTopLevelTypes(Path root, String pkg) throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path c : classes(root, pkg)) {
            String name = c.getFileName().toString().replace(".class", "");
            if (!name.contains("$") && !name.equals("package-info") && (ClassFile.read(c).access & 0x0001) != 0) {
                out.add(name);
            }
        }
        return out;
    }

    private static List<String> constants(Path c) throws IOException {
        return ClassFile.read(c).strings;
    }

    /** The dev.rill classes a constant names: as a class entry or inside a type descriptor. */
    private static Set<String> referencedClasses(String constant) {
        Set<String> out = new HashSet<>();
        if (constant.startsWith("dev/rill/") && !constant.contains(";")) {
            out.add(constant);
        }
        Matcher m = DESCRIPTOR_REF.matcher(constant);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String packageOf(String classPath) {
        return classPath.substring(0, classPath.lastIndexOf('/'));
    }

    /** Each pair of packages that reach each other, found by a search from every package. */
    private static Set<String> cycles(Map<String, Set<String>> uses) {
        Set<String> out = new TreeSet<>();
        for (String a : uses.keySet()) {
            for (String b : reachable(uses, a)) {
                if (!a.equals(b) && reachable(uses, b).contains(a)) {
                    out.add(a.compareTo(b) < 0 ? a + " <-> " + b : b + " <-> " + a);
                }
            }
        }
        return out;
    }

    private static Set<String> reachable(Map<String, Set<String>> uses, String from) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            String p = todo.remove(todo.size() - 1);
            for (String q : uses.getOrDefault(p, Set.of())) {
                if (seen.add(q)) {
                    todo.add(q);
                }
            }
        }
        return seen;
    }

    /** The parts of a class file this test reads: its UTF-8 constants and its access flags. */
    private static final class ClassFile {
        final List<String> strings = new ArrayList<>();
        int access;

        private static final Map<Path, ClassFile> CACHE = new HashMap<>();

        static ClassFile read(Path p) throws IOException {
            ClassFile cached = CACHE.get(p);
            if (cached != null) {
                return cached;
            }
            ClassFile cf = new ClassFile();
            try (DataInputStream in = new DataInputStream(Files.newInputStream(p))) {
                in.readInt(); // magic
                in.readUnsignedShort(); // minor
                in.readUnsignedShort(); // major
                int count = in.readUnsignedShort();
                for (int i = 1; i < count; i++) {
                    i += cf.readConstant(in);
                }
                cf.access = in.readUnsignedShort();
            }
            CACHE.put(p, cf);
            return cf;
        }

        /** Reads one constant-pool entry; returns the extra slots it takes (1 for long and double). */
        private int readConstant(DataInputStream in) throws IOException {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> strings.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    return 1;
                }
                default -> throw new IOException("unknown constant tag " + tag);
            }
            return 0;
        }
    }
}
