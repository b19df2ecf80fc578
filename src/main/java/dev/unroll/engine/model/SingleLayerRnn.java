package dev.unroll.engine.model;

import java.util.Arrays;

/**
 * What the one-layer models ({@link VanillaRnn} and the gated cells' {@link GatedRnn}) share: the output layer
 * (Why V x H, by V, and their private copies Why^T and Why as rows), the window buffers (grown when a longer window
 * comes, never shrunk, so that a training window allocates nothing), the start of a window and the output of a step.
 * The recurrent layer, its copies and its own window buffers are the subclass's.
 */
abstract sealed class SingleLayerRnn extends AbstractRecurrentModel permits VanillaRnn, GatedRnn {
    final Tensor why;
    final Tensor by;
    final Tensor dwhy;
    final Tensor dby;

    // window buffers (capacity T), one array per row so that the kernels vectorize
    int capacity;
    int[] xs;
    int[] ts;
    double[][] hs;      // T+1 rows of H, row 0 = h0
    double[][] ps;      // T rows of V: logits, then probabilities
    double[][] dys;     // T rows of V: dL/dy_t = p_t - onehot(target_t)
    double[][] dhOut;   // T rows of H: Why^T dy_t
    double[] stepLoss;
    double[] dhNorm;
    double[] dRawNorm;  // ||dL/d(pre-activation)|| per step
    double[] column;    // T: one column of a T-row buffer, gathered as coefficients
    final double[] rowBuffer;  // max(H, V)
    final double[] dhnext;     // H
    int traceLength;
    double clippedFraction;

    // private copies of the output layer as rows, allocated on first use, refreshed by refreshCopies()
    double[][] whyT;      // H rows of V
    double[][] whyRows;   // V rows of H

    /** All parameters zero. */
    SingleLayerRnn(int vocabSize, int hiddenSize) {
        super(vocabSize, hiddenSize);
        why = new Tensor("Why", vocabSize, hiddenSize);
        by = new Tensor("by", vocabSize, 1);
        dwhy = why.gradient();
        dby = by.gradient();
        rowBuffer = new double[Math.max(hiddenSize, vocabSize)];
        dhnext = new double[hiddenSize];
    }

    /** Grows the window buffers to hold {@code length} steps; a subclass grows its own in {@link #growSteps}. */
    final void ensureCapacity(int length) {
        if (length <= capacity) {
            return;
        }
        capacity = length;
        xs = new int[length];
        ts = new int[length];
        hs = new double[length + 1][hidden];
        ps = new double[length][vocab];
        dys = new double[length][vocab];
        dhOut = new double[length][hidden];
        stepLoss = new double[length];
        dhNorm = new double[length];
        dRawNorm = new double[length];
        column = new double[length];
        growSteps(length);
    }

    /** Allocates the subclass's own window buffers for {@code length} steps. */
    abstract void growSteps(int length);

    /**
     * The start of a training window: grows the buffers, reads the window's inputs and targets from
     * {@code data[start .. start + length]}, refreshes the copies and puts the start state's h in hs[0].
     */
    final void startWindow(int[] data, int start, int length, double[] state) {
        ensureCapacity(length);
        for (int t = 0; t < length; t++) {
            xs[t] = data[start + t];
            ts[t] = data[start + t + 1];
        }
        refreshCopies();
        System.arraycopy(state, 0, hs[0], 0, hidden);
    }

    /**
     * The start of {@link #gradientFlow}: checks there is an input, grows the buffers, refreshes the copies and puts
     * the start state's h in hs[0]; returns T, the number of inputs.
     */
    final int startFlow(int[] inputs, double[] state) {
        final int T = inputs.length;
        if (T < 1) {
            throw new IllegalArgumentException("need at least one input");
        }
        ensureCapacity(T);
        refreshCopies();
        System.arraycopy(state, 0, hs[0], 0, hidden);
        return T;
    }

    /**
     * Brings the private copies up to date with the parameters (anyone holding {@link #parameters()} may have written
     * them in place): Why^T and Why as rows, then the subclass's ({@link #refreshCellCopies}).
     */
    final void refreshCopies() {
        if (whyT == null) {
            whyT = new double[hidden][vocab];
            whyRows = new double[vocab][hidden];
        }
        DenseKernels.transpose(why.data, vocab, hidden, whyT);
        DenseKernels.toRows(why.data, vocab, hidden, whyRows);
        refreshCellCopies();
    }

    /** The subclass's own copies of the parameters, brought up to date. */
    abstract void refreshCellCopies();

    /**
     * The output of step {@code t} of {@link #forward} from the hidden state {@code h} (fresh copies): {@code p}
     * becomes softmax(Why h + by); writes the step's loss (NaN without a target), h and p where asked. Returns the
     * step's loss, 0 without a target.
     */
    final double outputStep(int t, double[] h, int[] targets, double[] p, double[] hsOut, double[] probsOut,
                            double[] lossOut) {
        final int H = hidden;
        final int V = vocab;
        int target = targets != null && t < targets.length ? targets[t] : -1;
        System.arraycopy(by.data, 0, p, 0, V);
        DenseKernels.combineRows(p, V, h, whyT, 0, H, true);
        double l = OutputLayer.softmax(p, target, V);
        if (lossOut != null && t < lossOut.length) {
            lossOut[t] = target >= 0 ? l : Double.NaN;
        }
        if (hsOut != null) {
            System.arraycopy(h, 0, hsOut, t * H, H);
        }
        if (probsOut != null) {
            System.arraycopy(p, 0, probsOut, t * V, V);
        }
        return l;
    }

    /** logits = Why h + by on the copies (sums of scaled rows of Why^T), as {@link #forward}. */
    final void logitsOnCopies(double[] h, double[] logitsOut) {
        System.arraycopy(by.data, 0, logitsOut, 0, vocab);
        DenseKernels.combineRows(logitsOut, vocab, h, whyT, 0, hidden, true);
    }

    /** logits = Why h + by reading the row-major parameters directly (dot products), as {@link #step}. */
    final void logitsOnParameters(double[] h, double[] logitsOut) {
        final int H = hidden;
        final double[] wy = why.data;
        final double[] c = by.data;
        for (int k = 0; k < vocab; k++) {
            logitsOut[k] = c[k] + DenseKernels.dot(wy, k * H, h, 0, H);
        }
    }

    /** The last training window's trace, copied, with the cell's gates. */
    final WindowTrace trace(GateTrace gates) {
        final int T = traceLength;
        final int H = hidden;
        final int V = vocab;
        double[] h0 = hs[0].clone();
        double[] hsCopy = new double[T * H];
        double[] psCopy = new double[T * V];
        for (int t = 0; t < T; t++) {
            System.arraycopy(hs[t + 1], 0, hsCopy, t * H, H);
            System.arraycopy(ps[t], 0, psCopy, t * V, V);
        }
        return new WindowTrace(Arrays.copyOf(xs, T), Arrays.copyOf(ts, T), h0, hsCopy, psCopy,
                Arrays.copyOf(stepLoss, T), Arrays.copyOf(dhNorm, T), Arrays.copyOf(dRawNorm, T), clippedFraction, H, V,
                gates);
    }
}
