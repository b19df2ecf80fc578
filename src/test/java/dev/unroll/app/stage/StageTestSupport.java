package dev.unroll.app.stage;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import org.testfx.util.WaitForAsyncUtils;

/** Waiting and running on the JavaFX thread, for the stage tests. */
final class StageTestSupport {
    private StageTestSupport() {
    }

    /** Waits for a condition evaluated on the JavaFX thread. */
    static void await(long seconds, String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for: " + what, e);
        }
    }

    static <T> T onFx(Callable<T> c) {
        if (Platform.isFxApplicationThread()) {
            try {
                return c.call();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }
        return WaitForAsyncUtils.waitForAsyncFx(20_000, c);
    }

    static void runFx(Runnable r) {
        onFx(() -> {
            r.run();
            return null;
        });
    }
}
