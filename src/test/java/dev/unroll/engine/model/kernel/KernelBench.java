package dev.unroll.engine.model.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Not a test: prints GFLOP/s (2·m·n·k per product) of the kernels for the deep model's typical products, serial and on a
 * pool of 2 threads, float32 and float64, beside the naive triple loop; then the small products with which the pool's
 * serial threshold ({@link KernelPool#DEFAULT_SERIAL_BELOW}) was chosen. Each figure is the best of several timed
 * rounds (the machine is shared); "cpu" divides by the calling thread's CPU time instead of the wall time, which
 * other processes on a loaded machine disturb less, and "2 cpu" by the CPU time of the caller and the pool's worker
 * together (spinning included): how much of the serial speed the split keeps per core, which the wall time of "2 thr"
 * shows only on an otherwise idle machine. Run after {@code mvn test-compile}:
 * <pre>
 *   java -cp target/classes:target/test-classes dev.unroll.engine.model.kernel.KernelBench [--no-naive] [--no-small]
 * </pre>
 */
final class KernelBench {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final double ROUND_SECONDS = 0.2;
    private static final int ROUNDS = 5;

    private KernelBench() {
    }

    /** One product: its shape, what it is in the model. */
    private record Shape(Products op, int m, int n, int k, String what) {
        double flops() {
            return 2.0 * m * n * k;
        }
    }

    public static void main(String[] args) {
        Shape[] typical = {
            new Shape(Products.NT, 50, 512, 128, "forward recurrent Z = H W_hh^T (B=50, 4H=512, H=128)"),
            new Shape(Products.NN, 50, 512, 128, "the same with W_hh^T kept transposed"),
            new Shape(Products.NT, 2500, 512, 128, "forward input Z = X W_ih^T over a window (T·B=2500)"),
            new Shape(Products.NN, 2500, 128, 512, "backward dX = dZ W over a window"),
            new Shape(Products.NN, 50, 128, 512, "backward dH = dZ W_hh per step"),
            new Shape(Products.TN, 512, 128, 2500, "weight gradient dW += dZ^T X over a window"),
        };
        List<String> options = List.of(args);
        boolean naive = !options.contains("--no-naive");
        boolean small = !options.contains("--no-small");
        System.out.printf(Locale.ROOT, "%-4s %-3s %5s %5s %5s %9s %9s %9s %9s %9s %7s  %s%n", "prec", "op", "m", "n", "k",
                "naive", "cpu", "2 cpu", "serial", "2 thr", "2/1", "what");
        try (KernelPool two = new KernelPool(2, 0)) {
            for (boolean f32 : new boolean[] {true, false}) {
                for (Shape s : typical) {
                    double gNaive = naive ? gflops(s, f32, null, true, true) : Double.NaN;
                    double gCpu = gflops(s, f32, null, false, true);
                    double gTwoCpu = gflops(s, f32, two, false, true);
                    double gSerial = gflops(s, f32, null, false, false);
                    double gTwo = gflops(s, f32, two, false, false);
                    System.out.printf(Locale.ROOT, "%-4s %-3s %5d %5d %5d %9.2f %9.2f %9.2f %9.2f %9.2f %7.2f  %s%n", f32 ? "f32" : "f64",
                            s.op(), s.m(), s.n(), s.k(), gNaive, gCpu, gTwoCpu, gSerial, gTwo, gTwo / gSerial, s.what());
                }
            }
            if (!small) {
                return;
            }
            System.out.println();
            System.out.println("small products: serial against split in 2 (the pool's threshold)");
            for (boolean f32 : new boolean[] {true, false}) {
                for (int n : new int[] {64, 128, 256, 512}) {
                    for (int m : new int[] {10, 50}) {
                        Shape s = new Shape(Products.NN, m, n, 128, "");
                        double gCpu = gflops(s, f32, null, false, true);
                        double gTwoCpu = gflops(s, f32, two, false, true);
                        double gSerial = gflops(s, f32, null, false, false);
                        double gTwo = gflops(s, f32, two, false, false);
                        System.out.printf(Locale.ROOT, "%-4s %-3s %5d %5d %5d %9s %9.2f %9.2f %9.2f %9.2f %7.2f  %.2f MFLOP%n", f32 ? "f32" : "f64",
                                s.op(), s.m(), s.n(), s.k(), "", gCpu, gTwoCpu, gSerial, gTwo, gTwo / gSerial, s.flops() / 1e6);
                    }
                }
            }
        }
    }

    /** Best GFLOP/s over the rounds: the kernel (serial with pool null) or the naive loop, by CPU or wall time. */
    private static double gflops(Shape s, boolean f32, KernelPool pool, boolean naive, boolean cpu) {
        Random random = new Random(7);
        Layout l = Layout.dense(s.op(), s.m(), s.n(), s.k());
        float[] a32 = f32 ? Products.random32(random, l.aLength()) : null;
        float[] b32 = f32 ? Products.random32(random, l.bLength()) : null;
        float[] c32 = f32 ? new float[l.cLength()] : null;
        double[] a64 = f32 ? null : Products.random64(random, l.aLength());
        double[] b64 = f32 ? null : Products.random64(random, l.bLength());
        double[] c64 = f32 ? null : new double[l.cLength()];
        double best = 0;
        int calls = 1;
        for (int round = -2; round < ROUNDS; round++) {
            long start = cpu ? cpuNanos(pool) : System.nanoTime();
            for (int i = 0; i < calls; i++) {
                if (naive) {
                    if (f32) {
                        naive32(s, l, a32, b32, c32);
                    } else {
                        naive64(s, l, a64, b64, c64);
                    }
                } else if (f32) {
                    s.op().run32(pool, s.m(), s.n(), s.k(), a32, 0, l.lda(), b32, 0, l.ldb(), c32, 0, l.ldc(), false);
                } else {
                    s.op().run64(pool, s.m(), s.n(), s.k(), a64, 0, l.lda(), b64, 0, l.ldb(), c64, 0, l.ldc(), false);
                }
            }
            double seconds = ((cpu ? cpuNanos(pool) : System.nanoTime()) - start) * 1e-9;
            if (round >= 0) {
                best = Math.max(best, s.flops() * calls / seconds * 1e-9);
            }
            calls = (int) Math.max(1, Math.min(1_000_000, calls * ROUND_SECONDS / Math.max(seconds, 1e-6)));
        }
        return best;
    }

    /** CPU time of this thread, and of the pool's workers when there is a pool. */
    private static long cpuNanos(KernelPool pool) {
        long sum = MX.getCurrentThreadCpuTime();
        if (pool != null) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("unroll-kernel-")) {
                    sum += MX.getThreadCpuTime(t.getId());
                }
            }
        }
        return sum;
    }

    /** The textbook loop, as one would write it first: a dot product per element. */
    private static void naive32(Shape s, Layout l, float[] a, float[] b, float[] c) {
        Products op = s.op();
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                float sum = 0;
                for (int p = 0; p < s.k(); p++) {
                    float x = op == Products.TN ? a[p * l.lda() + i] : a[i * l.lda() + p];
                    float y = op == Products.NT ? b[j * l.ldb() + p] : b[p * l.ldb() + j];
                    sum += x * y;
                }
                c[i * l.ldc() + j] = sum;
            }
        }
    }

    private static void naive64(Shape s, Layout l, double[] a, double[] b, double[] c) {
        Products op = s.op();
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                double sum = 0;
                for (int p = 0; p < s.k(); p++) {
                    double x = op == Products.TN ? a[p * l.lda() + i] : a[i * l.lda() + p];
                    double y = op == Products.NT ? b[j * l.ldb() + p] : b[p * l.ldb() + j];
                    sum += x * y;
                }
                c[i * l.ldc() + j] = sum;
            }
        }
    }
}
