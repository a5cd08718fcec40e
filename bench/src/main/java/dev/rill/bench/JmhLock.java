package dev.rill.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * JMH's machine-wide lock ({@code jmh.lock} in the temporary directory), which JMH takes so that
 * two runs do not share the cores. {@link BenchRunner} takes it itself, waiting while another run
 * holds it, and keeps it for the whole of a child's run; the child is told to ignore the lock
 * ({@code -Djmh.ignoreLock=true}) because its parent holds it for it. Taking it in the parent,
 * rather than letting each child try, means a run queued behind another one does not fail, and
 * no other JMH run starts in the gap between two tables.
 *
 * <p>Threading: {@link #acquire} blocks the calling thread, polling every 50 ms, for at most the
 * time given; the returned lock is released by {@link Held#close} on any thread.
 */
final class JmhLock {

    static final Path FILE = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");

    /** The lock, held until closed. */
    static final class Held implements AutoCloseable {
        private final FileChannel channel;

        private Held(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() throws IOException {
            channel.close(); // releases the lock
        }
    }

    private JmhLock() {
    }

    /** JMH's lock, once no other process holds it, or null if it was still held after {@code max}. */
    static Held acquire(Duration max) throws IOException, InterruptedException {
        return acquire(FILE, max);
    }

    /** The lock of {@code file} (JMH's, or another for a test), as {@link #acquire(Duration)}. */
    static Held acquire(Path file, Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        boolean told = false;
        while (true) {
            Held held = tryAcquire(file);
            if (held != null) {
                return held;
            }
            if (System.nanoTime() - deadline > 0) {
                return null;
            }
            if (!told) {
                System.out.println("Waiting for another JMH run to end (" + file + " is held)...");
                told = true;
            }
            Thread.sleep(50); // another process's file lock: there is nothing to wait on but time
        }
    }

    private static Held tryAcquire(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                return new Held(ch);
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM already: as busy as held by another
        }
        ch.close();
        return null;
    }
}
