/**
 * Dense matrix products for the batched, stacked models: {@link dev.unroll.engine.model.kernel.Gemm32} (float) and
 * {@link dev.unroll.engine.model.kernel.Gemm64} (double), serial or spread over the threads of a
 * {@link dev.unroll.engine.model.kernel.KernelPool}.
 *
 * <p>Matrices are row-major in flat arrays with an offset and a leading dimension (EJML and BLAS style). Every output
 * element is one chain of fused multiply-adds taken in the order of the summation index, starting from the element's
 * old value (when accumulating) or from zero, so a product is exactly the naive triple loop written with
 * {@link java.lang.Math#fma}, whatever the blocking, the thread count or the partition. Nothing here allocates per call.
 */
package dev.unroll.engine.model.kernel;
