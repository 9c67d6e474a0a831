#!/usr/bin/python3
"""Golden tensors for PaddleDetection's deploy preprocessing (infer_cfg.yml), computed with the real cv2 and numpy.

The arithmetic follows PaddleDetection deploy/python/preprocess.py and deploy/python/infer.py at commit
666f597fd00d3157e84dd9fb2dd3f40bf9918ebc (PaddlePaddle/PaddleDetection, Apache-2.0), read, not copied:

- decode_image: the file's bytes through cv2.imdecode(flag 1, BGR) then cv2.cvtColor BGR2RGB;
- Resize: keep_ratio -> one scale s = min(target) / min(h, w), replaced by max(target) / max(h, w) when
  np.round(s * max(h, w)) passes max(target); otherwise fx = target_w / w, fy = target_h / h. Either way the
  resize is cv2.resize(im, None, None, fx=, fy=, interpolation=interp), so OpenCV maps with 1/fx, not w / w';
- LetterBoxResize: r = min(H / h, W / w), new size (round(w r), round(h r)) with Python's round, INTER_AREA to it,
  pads round(pad - 0.1) / round(pad + 0.1), cv2.copyMakeBorder constant 127.5 (on uint8: 128);
- NormalizeImage: im.astype(float32); is_scale -> im *= 1/255 (in place, float32); mean_std -> im -= mean and
  im /= std with float64 arrays, stored back into float32;
- Permute: transpose(2, 0, 1).copy();
- PadStride: a float32 CHW zero canvas of ceil(side / stride) * stride, the image top-left;
- Pad: the same size -> astype(float32); else a float32 canvas of fill_value with the image top-left;
- infer.py create_inputs, one image: np.array((im,)).astype('float32'); several: each CHW image top-left on a
  float32 zero canvas of the batch's largest height and width, then np.stack (batch_*.npy).

  /usr/bin/python3 generate_paddledet.py [--check-against DIR]

writes configs/*.yml (our own files in the exporter's shape, ppdet/engine/export_utils.py), cases/<id>.json and
.npy, cases.txt and sizes.tsv next to this file. With --check-against DIR (a directory holding the authors'
preprocess.py from that commit) every case and every size row is also run through the authors' own operators
(built as infer.py builds them: eval(type)(**args)) and must agree exactly, or the script fails.
"""
import argparse
import hashlib
import json
import math
import os
import sys

import cv2
import numpy as np
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
COMMIT = "666f597fd00d3157e84dd9fb2dd3f40bf9918ebc"
IMAGENET = {"type": "NormalizeImage", "is_scale": True, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}

# name -> (arch, Preprocess list); each modelled on a family's TestReader in PaddleDetection's configs/
CONFIGS = {
    # configs/ppyoloe/_base_/ppyoloe_plus_reader.yml: exact bicubic, 0..1, no mean/std
    "ppyoloe_plus_320": ("PPYOLOE", [
        {"type": "Resize", "target_size": [320, 320], "keep_ratio": False, "interp": 2},
        {"type": "NormalizeImage", "is_scale": True, "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0], "norm_type": "none"},
        {"type": "Permute"}]),
    # configs/yolov3/_base_/yolov3_reader.yml: exact bicubic, ImageNet mean/std
    "yolov3_256": ("YOLO", [
        {"type": "Resize", "target_size": [256, 256], "keep_ratio": False, "interp": 2},
        IMAGENET,
        {"type": "Permute"}]),
    # configs/faster_rcnn/_base_/faster_fpn_reader.yml: keep_ratio [800, 1333] bilinear, PadStride 32 (smaller here)
    "faster_rcnn_200_333": ("FasterRCNN", [
        {"type": "Resize", "target_size": [200, 333], "keep_ratio": True, "interp": 1},
        IMAGENET,
        {"type": "Permute"},
        {"type": "PadStride", "stride": 32}]),
    # configs/yolox/_base_/yolox_reader.yml: keep_ratio to a square, Pad with 114 top-left, 0..255
    "yolox_256": ("YOLOX", [
        {"type": "Resize", "target_size": [256, 256], "keep_ratio": True, "interp": 1},
        {"type": "Pad", "size": [256, 256], "fill_value": [114.0, 114.0, 114.0]},
        {"type": "Permute"}]),
    # configs/mot/jde/_base_/jde_reader_1088x608.yml: LetterBoxResize [h, w], 0..1
    "jde_192_320": ("JDE", [
        {"type": "LetterBoxResize", "target_size": [192, 320]},
        {"type": "NormalizeImage", "is_scale": True, "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0]},
        {"type": "Permute"}]),
    # keep_ratio with INTER_AREA and mean/std on 0..255 (is_scale false): the remaining branches
    "keep_ratio_area_160_267": ("PicoDet", [
        {"type": "Resize", "target_size": [160, 267], "keep_ratio": True, "interp": 3},
        {"type": "NormalizeImage", "is_scale": False, "mean": [123.675, 116.28, 103.53], "std": [58.395, 57.12, 57.375]},
        {"type": "Permute"}]),
}
INPUTS = ["chelsea.png", "rocket_portrait.jpg", "page_line.png"]
SIZES = [(451, 300), (425, 640), (384, 37), (1920, 1080), (1, 1), (4000, 10), (10, 4000), (333, 200), (601, 400),
         (640, 480), (1920, 480), (7, 3), (200, 333), (1000, 999), (31, 1080)]


def infer_cfg(arch, ops):
    return {"mode": "paddle", "draw_threshold": 0.5, "metric": "COCO", "use_dynamic_shape": False, "arch": arch,
            "min_subgraph_size": 3, "Preprocess": ops, "label_list": ["person", "bicycle", "car"]}


def write_configs():
    os.makedirs(os.path.join(HERE, "configs"), exist_ok=True)
    for name, (arch, ops) in CONFIGS.items():
        with open(os.path.join(HERE, "configs", name + ".yml"), "w") as f:
            # the exporter dumps with yaml.dump(default_flow_style=False); the op keys sorted, as it does
            yaml.dump(infer_cfg(arch, [dict(sorted(o.items())) for o in ops]), f, default_flow_style=False, sort_keys=False)


# ---- our reading of the authors' operators ----

def decode(path):
    with open(path, "rb") as f:
        data = np.frombuffer(f.read(), dtype=np.uint8)
    return cv2.cvtColor(cv2.imdecode(data, 1), cv2.COLOR_BGR2RGB)


def resize(im, op, info):
    h, w = im.shape[:2]
    th, tw = op["target_size"]
    if op.get("keep_ratio", True):
        s = float(min(th, tw)) / float(min(h, w))
        if np.round(s * max(h, w)) > max(th, tw):
            s = float(max(th, tw)) / float(max(h, w))
        fx = fy = s
    else:
        fx, fy = tw / float(w), th / float(h)
    info["scale"] = (fx, fy)
    return cv2.resize(im, None, None, fx=fx, fy=fy, interpolation=op.get("interp", cv2.INTER_LINEAR))


def letterbox(im, op, info):
    th, tw = op["target_size"]
    h, w = im.shape[:2]
    r = min(float(th) / h, float(tw) / w)
    nw, nh = round(w * r), round(h * r)
    pw, ph = (tw - nw) / 2, (th - nh) / 2
    im = cv2.resize(im, (nw, nh), interpolation=cv2.INTER_AREA)
    info["scale"] = (r, r)
    return cv2.copyMakeBorder(im, round(ph - 0.1), round(ph + 0.1), round(pw - 0.1), round(pw + 0.1),
                              cv2.BORDER_CONSTANT, value=(127.5, 127.5, 127.5))


def normalize(im, op):
    im = im.astype(np.float32, copy=False)
    if op.get("is_scale", True):
        im *= 1.0 / 255.0
    if op.get("norm_type", "mean_std") == "mean_std":
        im -= np.array(op["mean"])[np.newaxis, np.newaxis, :]
        im /= np.array(op["std"])[np.newaxis, np.newaxis, :]
    return im


def pad_stride(im, op):
    s = op["stride"]
    if s <= 0:
        return im
    c, h, w = im.shape
    out = np.zeros((c, int(math.ceil(h / s) * s), int(math.ceil(w / s) * s)), dtype=np.float32)
    out[:, :h, :w] = im
    return out


def pad(im, op):
    h, w = op["size"]
    ih, iw = im.shape[:2]
    if (ih, iw) == (h, w):
        return im.astype(np.float32)
    out = np.ones((h, w, 3), dtype=np.float32) * np.array(op.get("fill_value", [114.0] * 3), dtype=np.float32)
    out[:ih, :iw, :] = im.astype(np.float32)
    return out


def ours(im, ops):
    """im: decoded RGB uint8 HWC. Returns (tensor NCHW float32, resized (w, h), scale (x, y))."""
    info = {}
    resized = None
    for op in ops:
        t = op["type"]
        if t == "Resize":
            im = resize(im, op, info)
            resized = (im.shape[1], im.shape[0])
        elif t == "LetterBoxResize":
            h0, w0 = im.shape[:2]
            im = letterbox(im, op, info)
            r = info["scale"][0]
            resized = (round(w0 * r), round(h0 * r))
        elif t == "NormalizeImage":
            im = normalize(im, op)
        elif t == "Permute":
            im = im.transpose((2, 0, 1)).copy()
        elif t == "PadStride":
            im = pad_stride(im, op)
        elif t == "Pad":
            im = pad(im, op)
        else:
            raise SystemExit("no reading of " + t)
    return np.array((im,)).astype("float32"), resized, info.get("scale", (1.0, 1.0))


def batch(ims, ops):
    """infer.py create_inputs with several images: pad each CHW tensor right and bottom to the largest, zeros."""
    ts = [ours(im, ops)[0][0] for im in ims]
    max_h = max(t.shape[1] for t in ts)
    max_w = max(t.shape[2] for t in ts)
    padded = []
    for t in ts:
        canvas = np.zeros((t.shape[0], max_h, max_w), dtype=np.float32)
        canvas[:, :t.shape[1], :t.shape[2]] = t
        padded.append(canvas)
    return np.stack(padded, axis=0)


# batches (config, inputs) whose images resize to different sizes, so create_inputs pads them
BATCHES = [("faster_rcnn_200_333", INPUTS), ("keep_ratio_area_160_267", ["page_line.png", "chelsea.png"])]


# ---- the authors' own operators, for --check-against ----

def authors(path_or_array, ops, module):
    built = [getattr(module, o["type"])(**{k: v for k, v in o.items() if k != "type"}) for o in ops]
    im, _ = module.preprocess(path_or_array, built)
    return np.array((im,)).astype("float32")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check-against", help="directory holding PaddleDetection's deploy/python/preprocess.py @" + COMMIT)
    args = ap.parse_args()
    module = None
    if args.check_against:
        sys.path.insert(0, args.check_against)
        import preprocess as module  # noqa: the authors' module, not ours
    write_configs()
    versions = {"python": sys.version.split()[0], "cv2": cv2.__version__, "numpy": np.__version__}
    ids, checked, worst = [], 0, 0.0
    os.makedirs(os.path.join(HERE, "cases"), exist_ok=True)
    for name, (arch, ops) in CONFIGS.items():
        for inp in INPUTS:
            path = os.path.join(HERE, "inputs", inp)
            im = decode(path)
            t, resized, scale = ours(im, ops)
            cid = name + "__" + os.path.splitext(inp)[0]
            if module is not None:
                a = authors(path, ops, module)
                if a.shape != t.shape or not np.array_equal(a, t):
                    raise SystemExit("%s: differs from the authors' code (shape %s vs %s, max %s)" % (
                        cid, t.shape, a.shape, np.abs(a - t).max() if a.shape == t.shape else "-"))
                checked += 1
            np.save(os.path.join(HERE, "cases", cid + ".npy"), t)
            meta = {"id": cid, "config": "configs/%s.yml" % name,
                    "input": {"file": "inputs/" + inp, "sha256": sha256(path), "width": im.shape[1], "height": im.shape[0]},
                    "resized": list(resized), "scale": [float(scale[0]), float(scale[1])], "output_shape": list(t.shape),
                    "authors": "PaddlePaddle/PaddleDetection deploy/python/preprocess.py, infer.py @" + COMMIT,
                    "checked_against_authors": module is not None, "versions": versions}
            with open(os.path.join(HERE, "cases", cid + ".json"), "w") as f:
                json.dump(meta, f, indent=2)
                f.write("\n")
            ids.append(cid)
    batch_ids = []
    for name, inputs in BATCHES:
        ops = CONFIGS[name][1]
        ims = [decode(os.path.join(HERE, "inputs", i)) for i in inputs]
        t = batch(ims, ops)
        bid = "batch__" + name
        np.save(os.path.join(HERE, "cases", bid + ".npy"), t)
        meta = {"id": bid, "config": "configs/%s.yml" % name,
                "inputs": [{"file": "inputs/" + i, "sha256": sha256(os.path.join(HERE, "inputs", i))} for i in inputs],
                "output_shape": list(t.shape),
                "authors": "PaddlePaddle/PaddleDetection deploy/python/infer.py create_inputs @" + COMMIT
                           + " (several images: zero canvas of the largest h and w, image top-left, np.stack)",
                "versions": versions}
        with open(os.path.join(HERE, "cases", bid + ".json"), "w") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")
        batch_ids.append(bid)
    with open(os.path.join(HERE, "batches.txt"), "w") as f:
        f.write("# generated by generate_paddledet.py; one batch case per line\n" + "\n".join(batch_ids) + "\n")
    with open(os.path.join(HERE, "cases.txt"), "w") as f:
        f.write("# generated by generate_paddledet.py; one case per line\n" + "\n".join(ids) + "\n")
    rows = ["config\tin_w\tin_h\tresized_w\tresized_h\tout_w\tout_h\tscale_x\tscale_y"]
    for name, (arch, ops) in CONFIGS.items():
        for w, h in SIZES:
            im = np.zeros((h, w, 3), dtype=np.uint8)
            im[::2, ::3] = 200
            try:
                t, resized, scale = ours(im, ops)
            except cv2.error:
                continue  # a side resized to 0: cv2 refuses, and so must we (not a row)
            if module is not None:
                a = authors(im, ops, module)
                if a.shape != t.shape or not np.array_equal(a, t):
                    raise SystemExit("%s %dx%d: differs from the authors' code" % (name, w, h))
                checked += 1
            rows.append("%s.yml\t%d\t%d\t%d\t%d\t%d\t%d\t%.17g\t%.17g" % (name, w, h, resized[0], resized[1], t.shape[3], t.shape[2],
                                                                       scale[0], scale[1]))
    with open(os.path.join(HERE, "sizes.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print("%d cases, %d size rows%s" % (len(ids), len(rows) - 1,
                                         ", %d runs identical to the authors' operators" % checked if module else ""))


if __name__ == "__main__":
    main()
