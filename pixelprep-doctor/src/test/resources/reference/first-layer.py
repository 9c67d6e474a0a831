#!/usr/bin/python3
"""Independent reference for FirstLayerTest: the discrepancy between UltraFace's first Conv on the bundled photos and
the running statistics of the BatchNormalization after it, per candidate normalisation, computed with numpy from the
model's own initializers (not with pixelprep). Photos decoded with OpenCV and resized with cv2.resize INTER_LINEAR to
320x240, as the model's authors do (Ultra-Light-Fast-Generic-Face-Detector-1MB, detect_imgs_onnx.py: cv2.imread,
BGR->RGB, cv2.resize(320, 240), (x - 127) / 128).

Run from the repository root: /usr/bin/python3 pixelprep-doctor/src/test/resources/reference/first-layer.py
Prints one line per candidate: name, discrepancy."""
import cv2, numpy as np, onnx
from onnx import numpy_helper

m = onnx.load("examples/models/ultraface/version-RFB-320.onnx")
init = {i.name: numpy_helper.to_array(i).astype(np.float64) for i in m.graph.initializer}
conv = next(n for n in m.graph.node if n.op_type == "Conv")
bn = next(n for n in m.graph.node if n.op_type == "BatchNormalization" and n.input[0] == conv.output[0])
W = init[conv.input[1]]
B = init[conv.input[2]] if len(conv.input) > 2 else np.zeros(W.shape[0])
attrs = {a.name: list(a.ints) for a in conv.attribute}
stride = attrs.get("strides", [1, 1]); pads = attrs.get("pads", [0, 0, 0, 0])
mu, var = init[bn.input[3]], init[bn.input[4]]

def conv2d(x):  # x: C,H,W
    x = np.pad(x, ((0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    O, C, KH, KW = W.shape
    oh = (x.shape[1] - KH) // stride[0] + 1; ow = (x.shape[2] - KW) // stride[1] + 1
    out = np.tile(B[:, None, None], (1, oh, ow))
    for ky in range(KH):
        for kx in range(KW):
            patch = x[:, ky:ky + stride[0] * oh:stride[0], kx:kx + stride[1] * ow:stride[1]]
            out += np.einsum("oc,chw->ohw", W[:, :, ky, kx], patch)
    return out

photos = ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"]
rgb = [cv2.cvtColor(cv2.resize(cv2.imread("examples/" + p, cv2.IMREAD_COLOR), (320, 240), interpolation=cv2.INTER_LINEAR),
                    cv2.COLOR_BGR2RGB).astype(np.float64).transpose(2, 0, 1) for p in photos]
imagenet = (np.array([0.485, 0.456, 0.406]), np.array([0.229, 0.224, 0.225]))
cands = {
    "stored RGB": lambda x: (x - 127) / 128,
    "stored BGR": lambda x: (x[::-1] - 127) / 128,
    "imagenet RGB": lambda x: (x / 255 - imagenet[0][:, None, None]) / imagenet[1][:, None, None],
    "unit RGB": lambda x: x / 255,
    "raw RGB": lambda x: x,
}
for name, f in cands.items():
    outs = [conv2d(f(x)) for x in rgb]
    s = np.concatenate([o.reshape(o.shape[0], -1) for o in outs], axis=1)
    m_, v_ = s.mean(axis=1), s.var(axis=1)
    d = np.mean((m_ - mu) ** 2 / var + np.log(v_ / var) ** 2)
    print(f"{name}\t{d:.6g}")
