package dev.unroll.engine.train;

import dev.unroll.engine.CliNamed;
import dev.unroll.engine.CliNames;
import dev.unroll.engine.model.Tensor;

import java.util.List;

/**
 * How a window's gradients are limited before the optimizer's step, with the configuration's bound c
 * ({@link TrainingConfig#clip()}):
 * <ul>
 *   <li>{@link #ELEMENTWISE} (min-char-rnn's and char-rnn's, the default): every entry clipped to [-c, c];</li>
 *   <li>{@link #NORM} ({@code torch.nn.utils.clip_grad_norm_(parameters, max_norm=c)}): all gradients
 *       together scaled by min(1, c / (||g|| + 1e-6)), where ||g|| is the 2-norm of the vector of every
 *       tensor's 2-norm (the 2-norm of all entries together).</li>
 * </ul>
 */
public enum ClipMode implements CliNamed {
    ELEMENTWISE,
    NORM;

    /** {@code clip_grad_norm_}'s guard against dividing by a zero norm. */
    public static final double NORM_EPSILON = 1e-6;

    /**
     * The bound the model clips every entry to while it computes the gradients: {@code clip} element-wise,
     * none (+infinity) for norm clipping, which {@link #clipByGlobalNorm} applies afterwards.
     */
    public double elementBound(double clip) {
        return this == ELEMENTWISE ? clip : Double.POSITIVE_INFINITY;
    }

    /**
     * Scales {@code gradients} in place as {@code torch.nn.utils.clip_grad_norm_} does:
     * <pre>
     *   total = sqrt(sum_k ||g_k||^2),  ||g_k|| = sqrt(sum_i g_k[i]^2)
     *   coef  = maxNorm / (total + 1e-6);  if coef &lt; 1: g *= coef
     * </pre>
     * Allocates nothing.
     *
     * @return the total norm before scaling (NaN or infinite when a gradient is; then nothing is scaled)
     */
    public static double clipByGlobalNorm(List<Tensor> gradients, double maxNorm) {
        double sumOfSquares = 0;
        for (int k = 0; k < gradients.size(); k++) {
            final double[] g = gradients.get(k).data;
            double s = 0;
            for (double v : g) {
                s += v * v;
            }
            final double norm = Math.sqrt(s);
            sumOfSquares += norm * norm;
        }
        final double total = Math.sqrt(sumOfSquares);
        final double coef = maxNorm / (total + NORM_EPSILON);
        if (coef < 1 && Double.isFinite(total)) {
            for (int k = 0; k < gradients.size(); k++) {
                final double[] g = gradients.get(k).data;
                for (int i = 0; i < g.length; i++) {
                    g[i] *= coef;
                }
            }
        }
        return total;
    }

    /** The mode of a name (case and surrounding blanks ignored). */
    public static ClipMode parse(String name) {
        return CliNames.parse(values(), ClipMode::cliName, "clipping", name);
    }
}
