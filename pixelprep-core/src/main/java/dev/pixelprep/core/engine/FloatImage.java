package dev.pixelprep.core.engine;

/** An interleaved float image in 0..255 units: a resize result kept unrounded (float-stage geometry). */
record FloatImage(int width, int height, int channels, float[] data) {
}
