package org.cellpaintr.model.nn;

import java.util.ArrayList;
import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;

/**
 * Activation recomputation ("gradient checkpointing", Chen et al. 2016) at the granularity of an encoder block: the
 * training forward pass keeps only each block's input, and the backward pass re-runs one block at a time with
 * autograd on, back-propagating the gradient that arrives at its output. Peak memory then holds one block's
 * intermediates instead of every block's, for the price of a second forward pass through the blocks.
 *
 * <p>How it runs, inside one gradient collection:
 * <ol>
 * <li>{@link CellPainTREncoder#forward} embeds with autograd on (the embedding's graph is small), then runs every
 * block with autograd off, recording its input here; the last block's output becomes a leaf that requires a
 * gradient, so the final norm, head and losses build their graph on top of it.</li>
 * <li>The caller back-propagates the loss, which stops at that leaf, then calls {@link #backward}: for each block
 * from the last, the block is re-run on a leaf copy of its input and {@code sum(output ⊙ gradient)} is
 * back-propagated, which gives the parameter gradients of the block (accumulated, as libtorch does over backward
 * calls) and the gradient at its input; finally the embedding's graph receives the gradient of the first input.</li>
 * </ol>
 * The gradients equal the stored-graph ones up to float rounding. Residual dropout draws from libtorch's global
 * generator: with it on, each block reseeds the generator before running, in both passes, so the recomputed block
 * draws the masks of the first pass (the masks then differ from a run without recomputation, not in distribution).
 */
public final class BlockRecompute implements AutoCloseable {

    private final Engine engine;
    private final long dropoutSeed;
    private final List<NDArray> inputs = new ArrayList<>();
    private List<EncoderBlock> blocks;
    private boolean training;
    private boolean dropout;
    private NDArray embedded;
    private boolean embeddingTrainable;
    private NDArray lastOutput;

    /** @param dropoutSeed base seed of the blocks' residual dropout (used only when it is on) */
    public BlockRecompute(Engine engine, long dropoutSeed) {
        this.engine = engine;
        this.dropoutSeed = dropoutSeed;
    }

    /** The blocks' forward pass without autograd; returns the last output as a gradient-requiring leaf. */
    NDArray forward(NDArray embeddedSequence, boolean embeddingTrainable, List<EncoderBlock> blocks, boolean training,
            boolean dropout) {
        if (embedded != null) {
            throw new IllegalStateException("A BlockRecompute records one forward pass");
        }
        embedded = embeddedSequence;
        this.embeddingTrainable = embeddingTrainable;
        this.blocks = blocks;
        this.training = training;
        this.dropout = dropout;
        NDArray h = embeddedSequence.stopGradient();
        try (GradMode off = GradMode.off(engine)) {
            for (int i = 0; i < blocks.size(); i++) {
                inputs.add(h);
                reseed(i);
                h = blocks.get(i).forward(h, training);
            }
        }
        h.setRequiresGradient(true);
        lastOutput = h;
        return h;
    }

    /**
     * Back-propagates through the blocks, last to first, then through the embedding. Call it after the loss was
     * back-propagated in {@code collector}.
     */
    public void backward(GradientCollector collector) {
        if (lastOutput == null) {
            throw new IllegalStateException("No recorded forward pass to back-propagate");
        }
        NDArray grad = gradientOf(lastOutput);
        for (int i = blocks.size() - 1; i >= 0; i--) {
            NDArray in = inputs.get(i);
            in.setRequiresGradient(true);
            reseed(i);
            try (NDArray out = blocks.get(i).forward(in, training); NDArray weighted = out.mul(grad);
                    NDArray surrogate = weighted.sum()) {
                collector.backward(surrogate);
            }
            grad = Tensors.consume(grad, gradientOf(in));
        }
        if (embeddingTrainable) { // else the embedding recorded no graph to back-propagate into
            try (NDArray weighted = embedded.mul(grad); NDArray surrogate = weighted.sum()) {
                collector.backward(surrogate);
            }
        }
        grad.close();
    }

    /** A copy of the gradient accumulated at {@code leaf} (the handle libtorch hands out is closed at once). */
    private static NDArray gradientOf(NDArray leaf) {
        try (NDArray g = leaf.getGradient()) {
            return g.duplicate();
        }
    }

    private void reseed(int block) {
        if (dropout) {
            long s = dropoutSeed * 31 + block;
            engine.setRandomSeed((int) (s ^ (s >>> 32)));
        }
    }

    /** Releases the recorded block inputs (the step's scope would free them too, at its end). */
    @Override
    public void close() {
        for (NDArray a : inputs) {
            a.close();
        }
        inputs.clear();
        if (lastOutput != null) {
            lastOutput.close();
        }
    }
}
