/**
 * Dense matrix products for the batched, stacked models: {@link dev.unroll.engine.model.kernel.Gemm32} (float) and
 * {@link dev.unroll.engine.model.kernel.Gemm64} (double), serial or spread over the threads of a
 * {@link dev.unroll.engine.model.kernel.KernelPool}.
 *
 * <p>Only the float64 kernels are written by hand: {@code Gemm32}, {@code Rows32} and {@code Scratch32} are made by the
 * build from {@code Gemm64.java}, {@code Rows64.java} and {@code Scratch64.java} with {@code double} read as
 * {@code float} (pom.xml's {@code float32-kernels} step, into target/generated-sources/float32), so the two precisions
 * cannot drift apart.
 * {@code Rows64.java} itself is written by src/bench/kernel/micro_kernels.py.
 *
 * <p>Matrices are row-major in flat arrays with an offset and a leading dimension (EJML and BLAS style). Every output
 * element is one chain of fused multiply-adds taken in the order of the summation index, starting from the element's
 * old value (when accumulating) or from zero, so a product is exactly the naive triple loop written with
 * {@link java.lang.Math#fma}, whatever the blocking, the thread count or the partition. Nothing here allocates per call.
 *
 * <p>How to use them well (KernelBench measures each point):
 * <ul>
 *   <li>A product repeated with the same weights at every time step ({@code Z = H W_hh^T}) is faster as {@code nn}
 *       with {@code W_hh^T} kept transposed ({@code transpose} once after each update) than as {@code nt}, which packs
 *       B transposed on every call.</li>
 *   <li>One {@code KernelPool} per run, as many threads as cores; products under
 *       {@link dev.unroll.engine.model.kernel.KernelPool#DEFAULT_SERIAL_BELOW} operations stay on the caller's thread,
 *       so the small ones cost no hand-off. The result does not depend on the thread count.</li>
 *   <li>The kernels run at their best on long rows of C (hundreds of columns) or on narrow, tall C (computed along its
 *       columns); a product with both C's sides short (50 x 128) runs at about two thirds of that.</li>
 *   <li>Each thread's scratch memory (at most about 0.8 MB for floats, 1.5 MB for doubles) is made on its first
 *       product and kept.</li>
 * </ul>
 */
package dev.unroll.engine.model.kernel;
