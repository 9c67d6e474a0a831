#!/usr/bin/python3
"""Golden cases for YOLO letterbox preprocessing (Ultralytics and YOLOv5).

Re-runs the model authors' preprocessing arithmetic with the real peer libraries (Debian python3-opencv and
python3-numpy; python3-skimage only to build the inputs) and writes, for every case:

  cases/<id>.npy   float32 NCHW [1, 3, H, W], RGB, values x/255, as the authors' predictor hands it to the model
  cases/<id>.json  geometry, parameters, citations and peer versions

plus cases.txt (the ids) and geometry.json (integer-only letterbox geometry at 640 and other sizes, no tensors).

Run from the repository root:

  /usr/bin/python3 pixelprep-io/src/test/resources/golden-recipes/generate_letterbox.py

Inputs in inputs/ are built from scikit-image data only when missing (or with --rebuild-inputs); once committed
they are the authority, and the cases are always recomputed from the files on disk.

This file is our own code. It is written to follow, step by step, the arithmetic of the sources cited below;
it copies none of their text. Each step names the file, commit and function it follows.
"""

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "inputs"
CASES = HERE / "cases"

# ---------------------------------------------------------------------------------------------------------------
# Citations. "commit" is the commit of the stored version that was read (search tool index for Ultralytics; a
# fetched snapshot of the whole repository for YOLOv5, whose HEAD is given, plus the last commit touching the file).
# ---------------------------------------------------------------------------------------------------------------
UL_REPO = "ultralytics/ultralytics"
UL_LETTERBOX = {
    "repo": UL_REPO,
    "path": "ultralytics/data/augment.py",
    "commit": "359f87dc2431c61bac8be3774a6f41375219b556",
    "function": "LetterBox.__init__ / LetterBox.__call__",
}
UL_PREDICTOR = {
    "repo": UL_REPO,
    "path": "ultralytics/engine/predictor.py",
    "commit": "9ea4d414f70a339677000e2b7b138e8e49d6a850",
    "function": "BasePredictor.pre_transform / BasePredictor.preprocess",
}
UL_LOADER = {
    "repo": UL_REPO,
    "path": "ultralytics/data/loaders.py",
    "commit": "00289ceb3d41bfe9810c5c3065ad3494d50801ba",
    "function": "LoadImagesAndVideos.__next__ (imread(path, flags=cv2.IMREAD_COLOR))",
}
UL_IMREAD = {
    "repo": UL_REPO,
    "path": "ultralytics/utils/patches.py",
    "commit": "0126eb3cf98e635149f70540bd28eb53b7ccb78b",
    "function": "imread (cv2.imdecode(np.fromfile(path, np.uint8), cv2.IMREAD_COLOR))",
}
V5_REPO = "ultralytics/yolov5"
V5_HEAD = "5081342f04fb287fc2e5f2b5a4e06752b7937b1c"
V5_LETTERBOX = {
    "repo": V5_REPO,
    "path": "utils/augmentations.py",
    "commit": V5_HEAD,
    "file_last_changed_in": "f9e040b2c57e1db73f138ea420494fdeb05939da",
    "function": "letterbox",
}
V5_LOADER = {
    "repo": V5_REPO,
    "path": "utils/dataloaders.py",
    "commit": V5_HEAD,
    "function": "LoadImages.__init__ (auto=True, stride=32) / LoadImages.__next__",
}
V5_DETECT = {
    "repo": V5_REPO,
    "path": "detect.py",
    "commit": V5_HEAD,
    "function": "run (LoadImages(..., auto=pt); im.float(); im /= 255; im[None])",
}

PAD_VALUE = 114  # augment.py@359f87dc LetterBox.__init__ padding_value=114; augmentations.py@5081342f color=(114,)*3


# ---------------------------------------------------------------------------------------------------------------
# Decoding, as each author's loader does it.
# ---------------------------------------------------------------------------------------------------------------
def decode_ultralytics(path):
    # loaders.py@00289ceb LoadImagesAndVideos.__next__ -> patches.py@0126eb3c imread: bytes of the file handed to
    # cv2.imdecode with IMREAD_COLOR (3-channel BGR, gray PNGs replicated, EXIF orientation applied for JPEG).
    data = np.fromfile(str(path), dtype=np.uint8)
    img = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if img.ndim == 2:  # patches.imread keeps 3 dimensions; never happens with IMREAD_COLOR
        img = img[..., None]
    return img


def decode_yolov5(path):
    # dataloaders.py@5081342f LoadImages.__next__: cv2.imread(path), default flags = IMREAD_COLOR (BGR).
    return cv2.imread(str(path), cv2.IMREAD_COLOR)


# ---------------------------------------------------------------------------------------------------------------
# Letterbox geometry (integers only). Shapes are (height, width) as the authors write them.
# ---------------------------------------------------------------------------------------------------------------
def ultralytics_geometry(h, w, new_shape, auto=False, scale_fill=False, scaleup=True, center=True, stride=32):
    # augment.py@359f87dc LetterBox.__call__: an int new_shape means (n, n)
    if isinstance(new_shape, int):
        new_shape = (new_shape, new_shape)
    th, tw = new_shape
    # ... r = the smaller of target/current over height and width (Python float division)
    r = min(th / h, tw / w)
    # ... scaleup False: never enlarge, r capped at 1.0
    if not scaleup:
        r = min(r, 1.0)
    # ... new_unpad = (round(w*r), round(h*r)); builtin round on a float = round half to even
    unpad_w, unpad_h = round(w * r), round(h * r)
    # ... padding still needed in each direction
    dw, dh = tw - unpad_w, th - unpad_h
    if auto:
        # ... minimum rectangle: keep only the padding beyond the last multiple of stride (np.mod)
        dw, dh = np.mod(dw, stride), np.mod(dh, stride)
    elif scale_fill:
        # ... stretch: no padding, size forced to new_shape (aspect not kept)
        dw, dh = 0.0, 0.0
        unpad_w, unpad_h = tw, th
    if center:
        # ... centre: half of the padding on each side (true division -> float)
        dw /= 2
        dh /= 2
    # ... top/left = round(d - 0.1) when centred, else 0; bottom/right = round(d + 0.1)
    top = int(round(dh - 0.1)) if center else 0
    bottom = int(round(dh + 0.1))
    left = int(round(dw - 0.1)) if center else 0
    right = int(round(dw + 0.1))
    return {
        "r": r,
        "resized": (int(unpad_w), int(unpad_h)),
        "resize_skipped": (w, h) == (unpad_w, unpad_h),  # ... cv2.resize only when shape[::-1] != new_unpad
        "pad": (top, bottom, left, right),
        "out": (int(unpad_h) + top + bottom, int(unpad_w) + left + right),
    }


def yolov5_geometry(h, w, new_shape, auto=True, scale_fill=False, scaleup=True, stride=32):
    # augmentations.py@5081342f letterbox: an int new_shape means (n, n)
    if isinstance(new_shape, int):
        new_shape = (new_shape, new_shape)
    th, tw = new_shape
    # ... r = min(target/current) over (h, w); capped at 1.0 when scaleup is False
    r = min(th / h, tw / w)
    if not scaleup:
        r = min(r, 1.0)
    # ... new_unpad = (round(w*r), round(h*r)) (older versions: int(round(...)), same value)
    unpad_w, unpad_h = round(w * r), round(h * r)
    dw, dh = tw - unpad_w, th - unpad_h
    if auto:
        # ... minimum rectangle via np.mod(d, stride)
        dw, dh = np.mod(dw, stride), np.mod(dh, stride)
    elif scale_fill:
        dw, dh = 0.0, 0.0
        unpad_w, unpad_h = tw, th
    # ... always centred (there is no center flag): halve both paddings
    dw /= 2
    dh /= 2
    # ... top, bottom = round(dh - 0.1), round(dh + 0.1); left, right likewise with dw
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    return {
        "r": r,
        "resized": (int(unpad_w), int(unpad_h)),
        "resize_skipped": (w, h) == (unpad_w, unpad_h),  # ... resize only if shape[::-1] != new_unpad
        "pad": (top, bottom, left, right),
        "out": (int(unpad_h) + top + bottom, int(unpad_w) + left + right),
    }


def apply_geometry(img_bgr, g):
    # augment.py@359f87dc LetterBox.__call__ and augmentations.py@5081342f letterbox, same two calls:
    # cv2.resize(img, new_unpad, interpolation=cv2.INTER_LINEAR) only when the size changes, then
    # cv2.copyMakeBorder(img, top, bottom, left, right, cv2.BORDER_CONSTANT, value=(114, 114, 114)).
    if not g["resize_skipped"]:
        img_bgr = cv2.resize(img_bgr, g["resized"], interpolation=cv2.INTER_LINEAR)
    top, bottom, left, right = g["pad"]
    return cv2.copyMakeBorder(img_bgr, top, bottom, left, right, cv2.BORDER_CONSTANT,
                              value=(PAD_VALUE, PAD_VALUE, PAD_VALUE))


def to_tensor_ultralytics(letterboxed_bgr):
    # predictor.py@9ea4d414 BasePredictor.preprocess: np.stack of the pre_transform list (NHWC), [..., ::-1]
    # (BGR -> RGB), transpose((0, 3, 1, 2)) (NHWC -> NCHW), ascontiguousarray, torch .float(), /= 255.
    # On CPU torch divides float32 by the scalar (true division), which is what numpy float32 / 255 does.
    batch = np.stack([letterboxed_bgr])
    batch = batch[..., ::-1].transpose((0, 3, 1, 2))
    batch = np.ascontiguousarray(batch).astype(np.float32)
    batch /= np.float32(255)
    return batch


def to_tensor_yolov5(letterboxed_bgr):
    # dataloaders.py@5081342f LoadImages.__next__: transpose((2, 0, 1))[::-1] (HWC -> CHW, BGR -> RGB),
    # ascontiguousarray; detect.py@5081342f run: .float(), /= 255, im[None] (add the batch axis).
    chw = letterboxed_bgr.transpose((2, 0, 1))[::-1]
    chw = np.ascontiguousarray(chw).astype(np.float32)
    chw /= np.float32(255)
    return chw[None]


# ---------------------------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------------------------
def skimage_data_dir():
    import skimage  # python3-skimage (Debian 0.19.3), only needed to (re)build inputs

    return Path(skimage.__file__).parent / "data"


def build_inputs(force=False):
    INPUTS.mkdir(parents=True, exist_ok=True)
    d = None

    def need(name):
        return force or not (INPUTS / name).exists()

    if need("chelsea.png"):  # 3:2 photo, byte-identical copy
        d = d or skimage_data_dir()
        shutil.copyfile(d / "chelsea.png", INPUTS / "chelsea.png")
    if need("astronaut.png"):  # square photo, re-encoded losslessly (smaller file, iCCP chunk dropped)
        d = d or skimage_data_dir()
        src = cv2.imread(str(d / "astronaut.png"), cv2.IMREAD_COLOR)
        cv2.imwrite(str(INPUTS / "astronaut.png"), src, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        assert np.array_equal(cv2.imread(str(INPUTS / "astronaut.png"), cv2.IMREAD_COLOR), src)
    if need("rocket_portrait.jpg"):  # portrait JPEG: rocket.jpg rotated 90 deg clockwise (content sideways), 425 wide
        d = d or skimage_data_dir()
        src = cv2.imread(str(d / "rocket.jpg"), cv2.IMREAD_COLOR)  # 640x427 landscape
        rot = cv2.rotate(src, cv2.ROTATE_90_CLOCKWISE)  # 427 wide x 640 high
        crop = np.ascontiguousarray(rot[:, 1:426])  # 425 wide: 425*0.5 = 212.5 is a rounding tie at 320
        cv2.imwrite(str(INPUTS / "rocket_portrait.jpg"), crop, [cv2.IMWRITE_JPEG_QUALITY, 95])
    if need("chelsea_16x9.png"):  # 16:9 photo: centre crop of chelsea to 448x252
        d = d or skimage_data_dir()
        src = cv2.imread(str(d / "chelsea.png"), cv2.IMREAD_COLOR)  # 451x300
        crop = np.ascontiguousarray(src[24:276, 1:449])
        cv2.imwrite(str(INPUTS / "chelsea_16x9.png"), crop, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    if need("camera_small.png"):  # small image: camera, 4:3 centre crop, INTER_AREA down to 201x151, 3 channels
        d = d or skimage_data_dir()
        gray = cv2.imread(str(d / "camera.png"), cv2.IMREAD_GRAYSCALE)  # 512x512
        crop = gray[64:448, :]  # 512x384
        small = cv2.resize(crop, (201, 151), interpolation=cv2.INTER_AREA)
        cv2.imwrite(str(INPUTS / "camera_small.png"), cv2.cvtColor(small, cv2.COLOR_GRAY2BGR),
                    [cv2.IMWRITE_PNG_COMPRESSION, 9])
    if need("page_line.png"):  # one text line: rows 4..40 of skimage page (384x37), 3 channels
        d = d or skimage_data_dir()
        gray = cv2.imread(str(d / "page.png"), cv2.IMREAD_GRAYSCALE)  # 384x191
        line = np.ascontiguousarray(gray[4:41, :])
        cv2.imwrite(str(INPUTS / "page_line.png"), cv2.cvtColor(line, cv2.COLOR_GRAY2BGR),
                    [cv2.IMWRITE_PNG_COMPRESSION, 9])


# ---------------------------------------------------------------------------------------------------------------
# Cases: (id, recipe, input file, params). new_shape is (height, width).
# ---------------------------------------------------------------------------------------------------------------
CASE_LIST = [
    ("ul_fixed320__chelsea", "ultralytics-letterbox", "chelsea.png",
     dict(new_shape=(320, 320), auto=False, scaleup=True, center=True, stride=32),
     "fixed square target (predictor with a non-dynamic export: auto False), 3:2 photo, odd vertical pad"),
    ("ul_auto256__chelsea_16x9", "ultralytics-letterbox", "chelsea_16x9.png",
     dict(new_shape=(256, 256), auto=True, scaleup=True, center=True, stride=32),
     "auto minimum rectangle (predictor with a .pt model), 16:9 photo"),
    ("ul_auto320__page_line", "ultralytics-letterbox", "page_line.png",
     dict(new_shape=(320, 320), auto=True, scaleup=True, center=True, stride=32),
     "auto minimum rectangle, text line (aspect ~10:1), 1 px pad split 0/1"),
    ("ul_noscaleup224__camera_small", "ultralytics-letterbox", "camera_small.png",
     dict(new_shape=(224, 224), auto=False, scaleup=False, center=True, stride=32),
     "scaleup False on an image smaller than the target: resize skipped, padding only (val-style)"),
    ("ul_topleft224__rocket_portrait", "ultralytics-letterbox", "rocket_portrait.jpg",
     dict(new_shape=(224, 224), auto=False, scaleup=True, center=False, stride=32),
     "center False: image at top-left, all padding right/bottom; portrait JPEG"),
    ("ul_rect192x320__astronaut", "ultralytics-letterbox", "astronaut.png",
     dict(new_shape=(192, 320), auto=False, scaleup=True, center=True, stride=32),
     "non-square target (h,w)=(192,320) (the 384x640 shape at half size), square photo"),
    ("v5_fixed192__page_line", "yolov5-letterbox", "page_line.png",
     dict(new_shape=(192, 192), auto=False, scaleup=True, stride=32),
     "YOLOv5 fixed square target; 37*0.5 = 18.5 rounds half-to-even to 18"),
    ("v5_auto320__rocket_portrait", "yolov5-letterbox", "rocket_portrait.jpg",
     dict(new_shape=(320, 320), auto=True, scaleup=True, stride=32),
     "YOLOv5 detect.py default (auto=True, stride 32); 425*0.5 = 212.5 rounds half-to-even to 212"),
]


def sha256(path_or_bytes):
    h = hashlib.sha256()
    if isinstance(path_or_bytes, (bytes, bytearray)):
        h.update(path_or_bytes)
    else:
        h.update(Path(path_or_bytes).read_bytes())
    return h.hexdigest()


def peer_versions():
    v = {"cv2": cv2.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}
    try:
        import skimage

        v["skimage (inputs only)"] = skimage.__version__
    except ImportError:
        pass
    return v


def run_case(case_id, recipe, input_name, params, description, peers):
    path = INPUTS / input_name
    if recipe == "ultralytics-letterbox":
        img = decode_ultralytics(path)
        assert np.array_equal(img, decode_yolov5(path)), "imdecode and imread disagree on " + input_name
        g = ultralytics_geometry(img.shape[0], img.shape[1], **params)
        tensor = to_tensor_ultralytics(apply_geometry(img, g))
        source = UL_LETTERBOX
        pipeline = [UL_LOADER, UL_IMREAD, UL_LETTERBOX, UL_PREDICTOR]
        full_params = dict(params, scale_fill=False, pad_value=PAD_VALUE, interpolation="cv2.INTER_LINEAR")
    else:
        img = decode_yolov5(path)
        g = yolov5_geometry(img.shape[0], img.shape[1], **params)
        tensor = to_tensor_yolov5(apply_geometry(img, g))
        source = V5_LETTERBOX
        pipeline = [V5_LOADER, V5_LETTERBOX, V5_DETECT]
        full_params = dict(params, center=True, scale_fill=False, pad_value=PAD_VALUE,
                           interpolation="cv2.INTER_LINEAR")
    full_params["new_shape"] = list(params["new_shape"])
    assert tensor.dtype == np.float32 and tensor.shape == (1, 3) + g["out"], (tensor.shape, g["out"])
    npy = CASES / (case_id + ".npy")
    np.save(npy, tensor)
    top, bottom, left, right = g["pad"]
    meta = {
        "id": case_id,
        "recipe": recipe,
        "description": description,
        "params": full_params,
        "source": source,
        "pipeline_sources": pipeline,
        "input": {
            "file": "inputs/" + input_name,
            "width": int(img.shape[1]),
            "height": int(img.shape[0]),
            "sha256": sha256(path),
            "decode": "cv2.imdecode(np.fromfile(f, np.uint8), cv2.IMREAD_COLOR)" if recipe.startswith("ultra")
            else "cv2.imread(f)  # IMREAD_COLOR",
        },
        "ratio": g["r"],
        "resized": {"width": g["resized"][0], "height": g["resized"][1]},
        "resize_skipped": bool(g["resize_skipped"]),
        "pad": {"top": top, "bottom": bottom, "left": left, "right": right},
        "output": {
            "file": "cases/" + case_id + ".npy",
            "shape": list(tensor.shape),
            "dtype": "float32",
            "layout": "NCHW",
            "channels": "RGB",
            "value": "uint8 / 255 as float32 true division (not x * (1/255))",
            "pad_value_float32": float(np.float32(PAD_VALUE) / np.float32(255)),
            "stats": {"min": float(tensor.min()), "max": float(tensor.max()), "mean": float(tensor.mean())},
            "sha256_of_data": sha256(tensor.tobytes()),
        },
        "peer": peers,
    }
    (CASES / (case_id + ".json")).write_text(json.dumps(meta, indent=1) + "\n")
    return meta


# ---------------------------------------------------------------------------------------------------------------
# Checks on the arithmetic itself
# ---------------------------------------------------------------------------------------------------------------
def check_pad_split(max_side=2048, strides=(32, 64)):
    """Does top = floor(d/2), bottom = ceil(d/2) hold for the ±0.1 split? Exhaustive over every target side T
    in 1..max_side and every resized side n in 1..T (d = T - n), also after np.mod(d, stride)."""
    checked = 0
    for t in range(1, max_side + 1):
        for n in range(1, t + 1):
            d = t - n
            for dd in [d] + [np.mod(d, s) for s in strides]:
                half = dd / 2
                top, bottom = int(round(half - 0.1)), int(round(half + 0.1))
                if top != dd // 2 or bottom != dd - dd // 2:
                    return {"holds": False, "counterexample": {"T": t, "n": n, "d": int(dd)}}
                checked += 1
    return {"holds": True, "max_side": max_side, "strides": list(strides), "pairs_checked": checked}


def geometry_table():
    """Integer-only geometry (no tensors): every input at 640 in each mode, plus hand-picked rounding traps."""
    rows = []
    sizes = {}
    for name in sorted(os.listdir(INPUTS)):
        if name.endswith((".png", ".jpg")):
            img = decode_yolov5(INPUTS / name)
            sizes[name] = (img.shape[0], img.shape[1])
    extra = {"600x400 (coffee)": (400, 600), "1920x1080": (1080, 1920), "1280x720": (720, 1280),
             "1x1": (1, 1), "4000x10": (10, 4000), "1000x1000": (1000, 1000),
             "1280x725 (725*0.5=362.5 tie)": (725, 1280), "512x290 (290*1.25=362.5 tie)": (290, 512)}
    configs = [
        ("ultralytics-letterbox", "fixed640", dict(new_shape=(640, 640), auto=False)),
        ("ultralytics-letterbox", "auto640", dict(new_shape=(640, 640), auto=True, stride=32)),
        ("ultralytics-letterbox", "noscaleup640", dict(new_shape=(640, 640), auto=False, scaleup=False)),
        ("ultralytics-letterbox", "topleft640", dict(new_shape=(640, 640), auto=False, center=False)),
        ("ultralytics-letterbox", "rect384x640", dict(new_shape=(384, 640), auto=False)),
        ("ultralytics-letterbox", "scalefill640", dict(new_shape=(640, 640), auto=False, scale_fill=True)),
        ("yolov5-letterbox", "fixed640", dict(new_shape=(640, 640), auto=False)),
        ("yolov5-letterbox", "auto640", dict(new_shape=(640, 640), auto=True, stride=32)),
    ]
    for label, (h, w) in list(sizes.items()) + list(extra.items()):
        for recipe, cfg_name, cfg in configs:
            fn = ultralytics_geometry if recipe.startswith("ultra") else yolov5_geometry
            g = fn(h, w, **cfg)
            rows.append({
                "input": label, "input_size": {"width": w, "height": h}, "recipe": recipe, "config": cfg_name,
                "params": dict(cfg, new_shape=list(cfg["new_shape"])),
                "resized": {"width": g["resized"][0], "height": g["resized"][1]},
                "resize_skipped": bool(g["resize_skipped"]),
                "pad": dict(zip(("top", "bottom", "left", "right"), g["pad"])),
                "output": {"height": g["out"][0], "width": g["out"][1]},
            })
    return rows


def main():
    build_inputs(force="--rebuild-inputs" in sys.argv)
    CASES.mkdir(parents=True, exist_ok=True)
    # Remove only this generator's own earlier outputs (ids start ul_ or v5_); other generators share cases/.
    for old in list(CASES.glob("ul_*")) + list(CASES.glob("v5_*")):
        old.unlink()
    peers = peer_versions()

    # The arithmetic check asked for: 600x400 into 640 (Ultralytics, fixed) -> 640x427, pads top 106 bottom 107.
    g = ultralytics_geometry(400, 600, (640, 640))
    assert g["resized"] == (640, 427) and g["pad"] == (106, 107, 0, 0), g
    # Rounding traps (Python round is half-to-even): 425*0.5 -> 212, 37*0.5 -> 18, 637*(640/1000)... see table.
    assert round(212.5) == 212 and round(18.5) == 18 and round(213.5) == 214

    metas = [run_case(*c, peers) for c in CASE_LIST]
    # cases.txt may also list other generators' ids: keep their lines, replace ours.
    listing = HERE / "cases.txt"
    kept = [ln for ln in (listing.read_text().splitlines() if listing.exists() else [])
            if ln.strip() and not ln.startswith(("ul_", "v5_"))]
    listing.write_text("".join(ln + "\n" for ln in kept + [m["id"] for m in metas]))
    split = check_pad_split()
    geometry = {
        "schema": "pixelprep-letterbox-geometry/1",
        "note": "integer letterbox geometry computed with the same functions as the cases; no tensors",
        "pad_split_check": split,
        "rows": geometry_table(),
    }
    head = {k: v for k, v in geometry.items() if k != "rows"}
    text = json.dumps(head, separators=(",", ":"))[:-1] + ',"rows":[\n'
    text += ",\n".join(json.dumps(r, separators=(",", ":")) for r in geometry["rows"]) + "\n]}\n"
    (HERE / "geometry.json").write_text(text)  # one row per line

    for m in metas:
        p = m["pad"]
        print(f'{m["id"]:34s} in {m["input"]["width"]}x{m["input"]["height"]:<4d} '
              f'resized {m["resized"]["width"]}x{m["resized"]["height"]:<4d} '
              f'skip={int(m["resize_skipped"])} pad t{p["top"]} b{p["bottom"]} l{p["left"]} r{p["right"]} '
              f'out {m["output"]["shape"]}')
    print("pad split check:", split)
    total = sum(f.stat().st_size for f in HERE.rglob("*") if f.is_file())
    print(f"directory size (all generators sharing it): {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
