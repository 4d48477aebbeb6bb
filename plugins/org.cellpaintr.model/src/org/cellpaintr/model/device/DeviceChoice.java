package org.cellpaintr.model.device;

import java.util.Locale;

import org.cellpaintr.thirdparty.Runtimes;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Where the model computes: {@code cpu} (the default), {@code auto} (the first GPU when DJL sees one, else the
 * CPU) or {@code gpu:n} (that GPU, or an error: an explicit GPU request never falls back to the CPU silently).
 *
 * <p>The bundled libtorch natives are CPU-only, so DJL sees a GPU only when CUDA natives were supplied (see
 * docs/model.md).
 */
public final class DeviceChoice {

    /** The three kinds of choice. */
    public enum Kind {
        CPU, AUTO, GPU
    }

    private static final DeviceChoice CPU_CHOICE = new DeviceChoice(Kind.CPU, -1);
    private static final DeviceChoice AUTO_CHOICE = new DeviceChoice(Kind.AUTO, -1);

    private final Kind kind;
    private final int gpu;

    private DeviceChoice(Kind kind, int gpu) {
        this.kind = kind;
        this.gpu = gpu;
    }

    public static DeviceChoice cpu() {
        return CPU_CHOICE;
    }

    public static DeviceChoice auto() {
        return AUTO_CHOICE;
    }

    public static DeviceChoice gpu(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("GPU index must be >= 0, got " + index);
        }
        return new DeviceChoice(Kind.GPU, index);
    }

    /** Parses {@code cpu}, {@code auto}, {@code gpu} (= gpu:0) or {@code gpu:n}. */
    public static DeviceChoice parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return cpu();
        }
        if (t.equals("auto")) {
            return auto();
        }
        if (t.equals("gpu") || t.equals("cuda")) {
            return gpu(0);
        }
        for (String prefix : new String[] {"gpu:", "cuda:", "gpu"}) {
            if (t.startsWith(prefix)) {
                try {
                    return gpu(Integer.parseInt(t.substring(prefix.length())));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("Unknown device '" + text + "': use cpu, auto, gpu or gpu:N");
    }

    public Kind kind() {
        return kind;
    }

    /** The GPU index for {@link Kind#GPU}, else -1. */
    public int gpuIndex() {
        return gpu;
    }

    /** The DJL device, resolved against the GPUs the PyTorch engine sees now. */
    public Device resolve() {
        return resolve(Runtimes.pytorch());
    }

    /**
     * The DJL device for {@code engine}.
     *
     * @throws IllegalStateException when a GPU was requested explicitly and the engine does not have it
     */
    public Device resolve(Engine engine) {
        switch (kind) {
            case CPU:
                return Device.cpu();
            case AUTO:
                return engine.getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
            default:
                int count = engine.getGpuCount();
                if (gpu >= count) {
                    throw new IllegalArgumentException("GPU " + gpu + " was requested but DJL's PyTorch engine sees "
                            + count + " GPU(s). The bundled libtorch is CPU-only: install CUDA natives as described "
                            + "in docs/model.md, or choose 'cpu' or 'auto'.");
                }
                return Device.gpu(gpu);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.GPU ? "gpu:" + gpu : kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceChoice d && d.kind == kind && d.gpu == gpu;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + gpu;
    }
}
