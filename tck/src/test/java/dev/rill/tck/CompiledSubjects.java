package dev.rill.tck;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Subject classes the command-line tests load as a user's would be: compiled by the test into a
 * folder of their own (so not on the test's class path), or moved from there into a jar.
 */
final class CompiledSubjects {

    private CompiledSubjects() {
    }

    /**
     * Compiles {@code sources} (class name to source) into a new folder, in one run of javac,
     * against the classes of {@code uses} (their jars or folders), and returns the folder.
     */
    static Path compile(Map<String, String> sources, Class<?>... uses) throws IOException {
        Path src = Files.createTempDirectory("subject-src");
        Path out = Files.createTempDirectory("subject-classes");
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-proc:none", "-nowarn"));
        String cp = Stream.of(uses).map(CompiledSubjects::location).distinct().collect(Collectors.joining(File.pathSeparator));
        if (!cp.isEmpty()) {
            args.addAll(List.of("-cp", cp));
        }
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', File.separatorChar) + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("could not compile " + sources.keySet() + " (javac status " + status + ")");
        }
        return out;
    }

    /** Moves the class file of {@code className} (top level) out of {@code classes} into a new jar. */
    static Path moveToJar(Path classes, String className) throws IOException {
        Path jar = Files.createTempDirectory("subject-jar").resolve("subject.jar");
        String entry = className.replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
            out.closeEntry();
        }
        Files.delete(classes.resolve(entry));
        return jar;
    }

    /** Where {@code c} was loaded from: its jar or classes folder. */
    static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

}
