package dev.unroll.engine.inspect;

/**
 * The eigenvalues of Whh at one iteration.
 *
 * @param iteration    the iteration of the weights (-1 when unknown)
 * @param radius       the spectral radius max |lambda|
 * @param real         real parts of the eigenvalues
 * @param imaginary    imaginary parts, same order
 * @param spectralNorm the largest singular value ||Whh||_2 (an upper bound of the radius)
 */
public record SpectralResult(long iteration, double radius, double[] real, double[] imaginary, double spectralNorm) {
}
