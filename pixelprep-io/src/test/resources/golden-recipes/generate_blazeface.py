#!/usr/bin/python3
"""Golden cases for the mediapipe-blazeface recipe: MediaPipePyTorch's resize_pad and BlazeFace's preprocessing,
re-run with OpenCV and numpy (our own code following the authors' steps; nothing of theirs is copied).

Sources (zmurez/MediaPipePyTorch, commit 2e44124e685c3905facdf57003302687f716de3d):
- blazebase.py resize_pad: for h >= w the canvas side 256 goes to the height and the width is 256 * w // h (integer
  division; the other way round for landscape); cv2.resize (INTER_LINEAR) to that size; np.pad with zeros, the odd
  pixel after (pad // 2 before, pad // 2 + pad % 2 after); then cv2.resize of the whole 256x256 canvas to 128x128.
- blazebase.py BlazeDetector._preprocess: x.float() / 255. on the NCHW uint8 tensor.
- demo.py: frames are RGB (frame[..., ::-1] of cv2's BGR); the demo also mirrors webcam frames, which a file does not need.

Run from the repository root: /usr/bin/python3 pixelprep-io/src/test/resources/golden-recipes/generate_blazeface.py
"""
import json, os, cv2, numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = {"repo": "zmurez/MediaPipePyTorch", "path": "blazebase.py", "commit": "2e44124e685c3905facdf57003302687f716de3d",
          "function": "resize_pad, BlazeDetector._preprocess"}

def authors_path(rgb):
    h, w = rgb.shape[:2]
    if h >= w:  # portrait or square: the height takes 256
        h1, w1 = 256, 256 * w // h
    else:
        h1, w1 = 256 * h // w, 256
    ph, pw = 256 - h1, 256 - w1
    img1 = cv2.resize(rgb, (w1, h1))  # INTER_LINEAR, cv2's default
    img1 = np.pad(img1, ((ph // 2, ph // 2 + ph % 2), (pw // 2, pw // 2 + pw % 2), (0, 0)))
    img2 = cv2.resize(img1, (128, 128))
    x = img2.transpose(2, 0, 1)[None].astype(np.float32) / np.float32(255.0)  # torch: uint8 -> float32, / 255.
    return x, (w1, h1), (pw // 2, ph // 2)

cases = []
for name in ["chelsea.png", "rocket_portrait.jpg", "page_line.png", "astronaut.png"]:
    bgr = cv2.imread(os.path.join(HERE, "inputs", name), cv2.IMREAD_COLOR)
    x, fitted, pad = authors_path(np.ascontiguousarray(bgr[..., ::-1]))
    cid = "blazeface_128__" + os.path.splitext(name)[0]
    np.save(os.path.join(HERE, "cases", cid + ".npy"), x)
    meta = {"id": cid, "recipe": "mediapipe-blazeface", "params": {"canvas": 256, "input": 128}, "source": SOURCE,
            "input": {"file": "inputs/" + name, "width": int(bgr.shape[1]), "height": int(bgr.shape[0])},
            "fitted": {"width": fitted[0], "height": fitted[1]}, "pad_before": {"left": pad[0], "top": pad[1]},
            "tensor": {"file": cid + ".npy", "dtype": "float32", "layout": "NCHW", "shape": list(x.shape), "channels": "RGB"},
            "peer": {"cv2": cv2.__version__, "numpy": np.__version__}}
    with open(os.path.join(HERE, "cases", cid + ".json"), "w") as f:
        json.dump(meta, f, indent=1)
    cases.append(cid)
listing = os.path.join(HERE, "cases.txt")
lines = [l for l in open(listing).read().split("\n") if l and not l.startswith("blazeface_")]
open(listing, "w").write("\n".join(lines + cases) + "\n")
print("\n".join(cases))
