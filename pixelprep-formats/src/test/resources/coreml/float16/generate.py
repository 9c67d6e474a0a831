#!/usr/bin/python3
"""Expected float16 values of ML-program image preprocessing, computed with numpy's float16 arithmetic.

Two ways float16 enters a Core ML ML program's preprocessing (coremltools 7, pass insert_image_preprocessing_ops in
coremltools/converters/mil/backend/mil/passes/insert_image_preprocessing_op.py, then add_fp16_cast):
  cast_after:     mul/add in float32 on the float32 image, then cast to float16 (compute_precision=FLOAT16 default)
  ops_in_float16: a float16 input (or float16 constants): every constant, product and sum is binary16
For every case, channel and pixel level 0..255 this writes the value the network sees and the worst error against
the reference spec computed in float64. Run: /usr/bin/python3 generate.py > float16-cases.json
"""
import json
import numpy as np

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
CAFFE_BGR = [104.00698793, 116.66876762, 122.67891434]   # ilsvrc_2012_mean channel averages, B, G, R

CASES = [
    ("imagenet-mean-std", "RGB", [1 / (255 * s) for s in STD], [-m / s for m, s in zip(MEAN, STD)]),
    ("one-over-255", "RGB", [1 / 255] * 3, [0.0] * 3),
    ("two-over-255-minus-one", "RGB", [2 / 255] * 3, [-1.0] * 3),
    ("caffe-means", "BGR", [1.0] * 3, [-m for m in CAFFE_BGR]),
    ("gray-one-over-255", "GRAY", [1 / 255], [0.0]),
]


def seen(mode, s, b):
    x = np.arange(256)
    if mode == "cast_after":
        y = x.astype(np.float32) * np.float32(s) + np.float32(b)
        return y.astype(np.float16)
    x16 = x.astype(np.float16)
    y = x16 * np.float16(s)
    assert y.dtype == np.float16
    y = y + np.float16(b)
    assert y.dtype == np.float16
    return y


out = []
for name, color, scales, biases in CASES:
    for mode in ("cast_after", "ops_in_float16"):
        values, worst, level, grey = [], [], [], []
        for s, b in zip(scales, biases):
            y = seen(mode, s, b)
            ref = np.arange(256, dtype=np.float64) * s + b
            err = np.abs(y.astype(np.float64) - ref)
            values.append([float(v) for v in y.astype(np.float64)])
            worst.append(float(err.max()))
            level.append(int(err.argmax()))
            grey.append(float(err.max() / abs(s)))
        out.append({"name": name, "mode": mode, "color": color, "scale": scales, "bias": biases,
                    "values": values, "worst_error": worst, "worst_level": level, "grey_levels": grey})

print(json.dumps({"generator": "generate.py", "numpy": np.__version__, "cases": out}, indent=1))
