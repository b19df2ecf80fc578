package dev.unroll.app.fx;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.RunMemory;

import javafx.concurrent.Task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The one way the app runs work off the JavaFX thread and brings its result back (after JabRef's
 * {@code TaskExecutor}): {@link #run} wraps the work in a {@link javafx.concurrent.Task}, runs it
 * on this runner's daemon threads, and calls back on the JavaFX thread, with the result or with
 * one line saying what went wrong. Every failure takes the same path: its cause is logged (with
 * the stack for an unexpected one) and {@link #describe} turns it into the line that is shown.
 *
 * <p>Each owner (a view's model, the window) has its own runner, with as many threads as its
 * work may overlap; with one thread, tasks run in the order they were given. {@link #close()}
 * ends the threads (the owner is disposed); a closed runner runs nothing more.
 *
 * <p>Work that hands back a stream of values (training, generation, a sweep) does not come back
 * through callbacks: it publishes into an atomic reference that a per-frame timer reads, latest
 * wins, and may use this runner only as its {@link Executor}.
 */
public final class BackgroundTasks implements Executor, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BackgroundTasks.class.getName());

    private final String name;
    private final ExecutorService executor;

    /**
     * @param name    thread name prefix (the threads are named {@code name}, {@code name-2}, ...)
     * @param threads how many tasks may run at once (at least one)
     */
    public BackgroundTasks(String name, int threads) {
        this.name = name;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            int k = n.incrementAndGet();
            Thread t = new Thread(r, k == 1 ? name : name + "-" + k);
            t.setDaemon(true);
            return t;
        });
    }

    /** A runner with one thread: its tasks run one after another, in order. */
    public BackgroundTasks(String name) {
        this(name, 1);
    }

    /**
     * Runs {@code work} on a background thread; then, on the JavaFX thread, hands its result to
     * {@code onSuccess}, or, when it threw, logs the cause and hands {@link #describe one line} to
     * {@code onFailure}. Nothing is called back for a task cancelled or never run (runner closed).
     *
     * @return the task (to cancel it, or to watch its state)
     */
    public <T> Task<T> run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<String> onFailure) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
        task.setOnFailed(e -> onFailure.accept(failed(task.getException())));
        execute(task);
        return task;
    }

    /**
     * Runs {@code work} on a background thread without a callback (it hands its results over
     * itself, latest wins). A closed runner drops it.
     */
    @Override
    public void execute(Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} is closed: work dropped", name);
        }
    }

    /** Logs a failure's cause and returns the line to show. */
    static String failed(Throwable t) {
        if (t instanceof BadInputException) {
            LOG.log(System.Logger.Level.DEBUG, t.getMessage()); // expected, and said to the user: not on the console
        } else {
            LOG.log(System.Logger.Level.WARNING, "background task failed", t);
        }
        return describe(t);
    }

    /**
     * One line for a failure: the message of a {@link BadInputException} (already written for the
     * user), the cause's message of an I/O failure, {@link RunMemory#outOfMemory()} (the command
     * line's line: how much memory Java had and how to give it more), or
     * the exception itself for anything unexpected.
     */
    public static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        if (t instanceof BadInputException) {
            return t.getMessage();
        }
        if (t instanceof OutOfMemoryError) {
            return RunMemory.outOfMemory(); // the command line's line: how much Java had, and how to give it more
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return String.valueOf(u.getCause().getMessage());
        }
        if (t instanceof IOException && t.getMessage() != null) {
            return t.getMessage();
        }
        return t.getMessage() == null ? t.toString() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** Ends the threads: running tasks are interrupted, waiting ones dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Takes no more work and waits at most {@code millis} for what was given to finish; true when all ended. */
    public boolean closeAndWait(long millis) {
        executor.shutdown();
        try {
            return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
