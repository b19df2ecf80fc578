package dev.unroll.app.unrolled;

/** Starts {@link UnrolledDemo} from a class that does not extend Application (classpath launch). */
public final class UnrolledDemoLauncher {
    private UnrolledDemoLauncher() {
    }

    public static void main(String[] args) {
        UnrolledDemo.main(args);
    }
}
