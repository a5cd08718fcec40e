package dev.rill.signal;

/**
 * The subscription of a source that terminates at once: requests and cancels do nothing, and as a
 * fused queue it is always empty.
 */
public enum EmptySubscription implements QueueSubscription<Object> {
    INSTANCE;

    @Override
    public void request(long n) {
        // §3.9 does not apply: the stream is already terminated (§3.6)
    }

    @Override
    public void cancel() {
    }

    @Override
    public int requestFusion(int mode) {
        return mode & ASYNC;
    }

    @Override
    public Object poll() {
        return null;
    }

    @Override
    public boolean isEmpty() {
        return true;
    }

    @Override
    public void clear() {
    }

    @Override
    public int size() {
        return 0;
    }
}
