package io.streamtune.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * How a classifier is built and where it runs.
 *
 * @param maxLength tokens per text after truncation, including [CLS] and [SEP]
 * @param dropout dropout rate of the encoder and the head while training
 * @param device {@code auto} (first GPU when the engine sees one, else CPU), {@code cpu}, {@code gpu} or
 *     {@code gpu:N}
 * @param seed seed of weight initialisation, dropout and shuffling
 */
public record ModelOptions(int maxLength, float dropout, String device, int seed) {

    public static final ModelOptions DEFAULTS = new ModelOptions(128, 0.1f, "auto", 42);

    public ModelOptions {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2 ([CLS] and [SEP]), was " + maxLength);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
        }
        device = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        if (!device.matches("auto|cpu|gpu(:\\d+)?")) {
            throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N, was '" + device + "'");
        }
    }

    public ModelOptions withSeed(int newSeed) {
        return new ModelOptions(maxLength, dropout, device, newSeed);
    }

    /** Resolves {@link #device()} against the GPUs the engine actually sees; asking for a missing GPU fails. */
    public Device resolveDevice() {
        int gpus = Engine.getInstance().getGpuCount();
        if (device.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (device.equals("cpu")) {
            return Device.cpu();
        }
        int index = device.contains(":") ? Integer.parseInt(device.substring(device.indexOf(':') + 1)) : 0;
        if (index >= gpus) {
            throw new IllegalStateException("device " + device + " requested but the engine sees " + gpus
                    + " GPU(s); for CUDA set PYTORCH_LIBRARY_PATH to a libtorch cu128 install, PYTORCH_FLAVOR=cu128");
        }
        return Device.gpu(index);
    }
}
