package dev.rill.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * JMH's machine-wide lock ({@code jmh.lock} in the temporary directory): JMH refuses to start
 * while another JMH run holds it, so that two runs do not share the cores. {@link BenchRunner}
 * waits here until it is free before it starts a child, instead of letting the child fail.
 * Another run can still take the lock between this check and the child's start; the child then
 * fails and says so.
 *
 * <p>Threading: blocks the calling thread, polling every second, for at most the time given.
 */
final class JmhLock {

    static final Path FILE = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");

    private JmhLock() {
    }

    /** Returns once the lock was seen free (and released again), or false after {@code max}. */
    static boolean awaitFree(Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        boolean told = false;
        while (true) {
            if (isFree()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (!told) {
                System.out.println("Waiting for another JMH run to end (" + FILE + " is held)...");
                told = true;
            }
            Thread.sleep(1_000); // an outside process's lock: nothing to wait on but time
        }
    }

    /** Whether no process holds the lock now (it is taken and released at once to find out). */
    static boolean isFree() throws IOException {
        try (FileChannel ch = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }
}
