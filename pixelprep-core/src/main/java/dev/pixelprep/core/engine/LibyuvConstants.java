package dev.pixelprep.core.engine;

import dev.pixelprep.core.pixels.YuvConversion;

/**
 * libyuv's 8-bit YUV → RGB constants as its x86 builds hold them ({@code struct YuvConstants}: {@code kUVToB[0]},
 * {@code kUVToG[0]}, {@code kUVToG[1]}, {@code kUVToR[1]}, {@code kYToRgb[0]}, {@code kYBiasToRgb[0]}), read out of
 * Debian bookworm's libyuv 0.0~git20230123.b2528b0 for {@code kYuvI601Constants}, {@code kYuvJPEGConstants},
 * {@code kYuvH709Constants}, {@code kYuvF709Constants}, {@code kYuv2020Constants} and {@code kYuvV2020Constants}.
 * With them, {@code y1 = ((Y·0x0101·yg) >>> 16) + yb}, {@code B = (y1 + (U−128)·ub) >> 6},
 * {@code G = (y1 − ((U−128)·ug + (V−128)·vg)) >> 6}, {@code R = (y1 + (V−128)·vr) >> 6}, each clamped to 0..255,
 * equals {@code I420ToARGBMatrix} for all 2^24 (Y, U, V) triples, on its C rows and on its SIMD rows
 * ({@code golden-yuv/README.md} gives the check). Note {@code ub = 128} for the video-range tables: libyuv clips
 * BT.601's 2.018·64 to what its unsigned byte holds, so libyuv's blue differs from the exact conversion there.
 *
 * <p>Constants only; thread-safe.
 */
final class LibyuvConstants {
    /** {ub, ug, vg, vr, yg, yb} by matrix (BT.601, BT.709, BT.2020) and range (video, full). */
    private static final int[][][] TABLE = {
        {{128, 25, 52, 102, 18997, -1160}, {113, 22, 46, 90, 16320, 32}},
        {{128, 14, 34, 115, 18997, -1160}, {119, 12, 30, 101, 16320, 32}},
        {{128, 12, 42, 107, 19003, -1160}, {120, 11, 37, 94, 16320, 32}},
    };

    private LibyuvConstants() {
    }

    /** {ub, ug, vg, vr, yg, yb} of the libyuv table for this matrix and range. */
    static int[] of(YuvConversion.Matrix m, YuvConversion.Range r) {
        return TABLE[m.ordinal()][r.ordinal()].clone();
    }
}
