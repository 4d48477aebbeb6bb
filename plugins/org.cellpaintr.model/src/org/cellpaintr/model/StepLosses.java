package org.cellpaintr.model;

/**
 * The host-side values of one training step's losses.
 *
 * @param total masked MSE + weight × SupCon
 * @param maskedMse the masked-modelling part
 * @param supCon the contrastive part (NaN when the step had no labels)
 * @param maskRatio the mask ratio drawn for the batch
 * @param maskedCount number of masked positions
 * @param finite whether the loss was finite; a non-finite step ran no backward pass
 */
public record StepLosses(double total, double maskedMse, double supCon, double maskRatio, int maskedCount,
        boolean finite) {
}
