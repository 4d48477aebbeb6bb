package org.cellpaintr.model.nn;

import ai.djl.ndarray.types.Shape;

/** Supplies the initial values of one named parameter: seeded random ones for a new model, stored ones on load. */
@FunctionalInterface
public interface ParameterSource {

    /**
     * Values of parameter {@code name} in row-major order.
     *
     * @param name the stable dotted name (e.g. {@code encoder.layers.0.mixer.in_proj.weight})
     * @param shape its shape
     * @param rule how a fresh parameter of this name is initialised
     */
    float[] values(String name, Shape shape, InitRule rule);
}
