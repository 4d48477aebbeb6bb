package org.cellpaintr.engine.op;

import org.cellpaintr.engine.table.SettingsException;

/**
 * One node's behaviour: a configure step that maps the input schema to the output schema and validates the
 * settings without touching data, and an execute step with progress and cancellation. The command line calls it,
 * and a KNIME node model is meant to call the same two steps (one operation per node).
 *
 * @param <S> the settings record
 * @param <C> what configure looks at (usually the input {@code ProfileSchema})
 * @param <O> what configure promises about the output
 * @param <I> the execute step's input
 * @param <R> the execute step's result
 */
public interface Operation<S, C, O, I, R> {

    O configure(S settings, C inputSchema) throws SettingsException;

    R execute(S settings, I input, Progress progress) throws SettingsException, CanceledException;
}
