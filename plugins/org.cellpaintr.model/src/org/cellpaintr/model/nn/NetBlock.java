package org.cellpaintr.model.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Base of the model's DJL blocks: every parameter has a fixed shape (known from the configuration) and an
 * {@link InitRule}, and every block has stable dotted names for its parameters ({@code layers.0.mixer.in_proj.weight})
 * that the archive and the optimiser use. DJL's own child keys carry a {@code 01}-style counter, which is why the
 * names are kept here as well.
 *
 * <p>Parameters are read directly from their {@link Parameter} (the model lives on one device), so the typed
 * {@code forward} methods of the subclasses need no {@link ParameterStore}. Blocks that need constant tensors
 * (buffers) create them in {@link #createBuffers} on the model's manager.
 */
public abstract class NetBlock extends AbstractBlock {

    private final Map<String, NetBlock> namedChildren = new LinkedHashMap<>();
    private final Map<String, Parameter> namedParameters = new LinkedHashMap<>();
    private final Map<String, InitRule> rules = new LinkedHashMap<>();

    /** Declares a trainable parameter with a fixed shape. */
    protected final Parameter param(String name, Shape shape, InitRule rule) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(shape).build();
        addParameter(p);
        namedParameters.put(name, p);
        rules.put(name, rule);
        return p;
    }

    /** Replaces a parameter by one that already holds {@code array} (used when a table grows). */
    protected final Parameter replaceParam(String name, ai.djl.ndarray.NDArray array) {
        InitRule rule = rules.get(name);
        if (rule == null) {
            throw new IllegalArgumentException("No parameter " + name);
        }
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(array.getShape())
                .optArray(array).build();
        array.setRequiresGradient(true);
        parameters.put(name, p); // AbstractBlock's map: same key keeps its position
        namedParameters.put(name, p);
        return p;
    }

    /** Declares a child block. */
    protected final <B extends NetBlock> B child(String name, B block) {
        addChildBlock(name, block);
        namedChildren.put(name, block);
        return block;
    }

    /** Adds this block's parameters (and its children's) to {@code out}, named {@code prefix + name}. */
    public final void collectParameters(String prefix, Map<String, Parameter> out) {
        for (Map.Entry<String, Parameter> e : namedParameters.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, NetBlock> e : namedChildren.entrySet()) {
            e.getValue().collectParameters(prefix + e.getKey() + ".", out);
        }
    }

    /** Adds the initialisation rules, named like {@link #collectParameters}. */
    public final void collectRules(String prefix, Map<String, InitRule> out) {
        for (Map.Entry<String, InitRule> e : rules.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, NetBlock> e : namedChildren.entrySet()) {
            e.getValue().collectRules(prefix + e.getKey() + ".", out);
        }
    }

    /** Ordered parameters of this block and its children with dotted names. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collectParameters("", out);
        return out;
    }

    /** Total number of scalar parameters of this block and its children. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) {
            n += p.getShape().size();
        }
        return n;
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        createBuffers(manager, dataType);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // Every parameter has an explicit shape, so children need no shape inference from the inputs.
        for (NetBlock c : namedChildren.values()) {
            c.initialize(manager, dataType, inputShapes);
        }
    }

    /** Creates constant tensors on {@code manager}; called once after the parameters exist. */
    protected void createBuffers(NDManager manager, DataType dataType) {
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " is called through its typed forward method");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not infer shapes");
    }
}
