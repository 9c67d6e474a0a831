#!/usr/bin/python3
"""Golden cases for two model-author resize recipes ("detr" and "paddleocr-det").

Written for pixelprep; this is not the authors' code. Every step follows the arithmetic of the file, commit and
function cited in the comment next to it, re-run with the real peer libraries (Debian bookworm python3-pil,
python3-opencv, python3-numpy). See SIZES.md beside this file for the formulas and the quirks.

Re-run (from this directory):
    apt-get install -y python3-pil python3-opencv python3-numpy python3-skimage
    /usr/bin/python3 generate_sizes.py
It rewrites cases/detr_*.{npy,json}, cases/paddle_*.{npy,json} and sizes.tsv, and writes inputs/chelsea_tiny.png
(a crop of chelsea.png) when it is missing; nothing else.
"""

import hashlib
import json
import os
import platform
import sys

import cv2
import numpy as np
import PIL
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "inputs")
CASES = os.path.join(HERE, "cases")
TINY = "chelsea_tiny.png"

# ---------------------------------------------------------------------------------------------------------------
# Sources (the stored copies read for this file; commits are the ones the file was read at).
HF = "huggingface/transformers"
HF_DETR = {"repo": HF, "path": "src/transformers/models/detr/image_processing_detr.py",
           "commit": "06053b84c14d72e9789fbf27844a75aa89b3ded7"}
HF_TRANSFORMS = {"repo": HF, "path": "src/transformers/image_transforms.py",
                 "commit": "000593ad84f26043f62917c541c57c4b71b9bc94"}
# The same get_size_with_aspect_ratio / resize / normalize text is also in image_transforms.py @10fe7734.
HF_TRANSFORMS_ALT_COMMIT = "10fe77342595ced2cdd2442c0a19ec2b87f669fd"
HF_UTILS = {"repo": HF, "path": "src/transformers/image_utils.py",
            "commit": "00046c419d46c1b4974216901b7f2d40ab1ce80c"}

PP = "PaddlePaddle/PaddleOCR"
PP_OPS = {"repo": PP, "path": "ppocr/data/imaug/operators.py",
          "commit": "03ed63ea2a8cbe8903223ffa3655ef27bdbce0ba"}
# An older operators.py (@561c52e2) has the same type0 arithmetic but no 'resize_long' limit_type, no
# max_side_limit clamp and no small-image padding; see SIZES.md.
PP_OPS_OLD_COMMIT = "561c52e24e5083f643fa977e93c08a799aceafd6"
PP_PREDICT = {"repo": PP, "path": "tools/infer/predict_det.py",
              "commit": "026f96b6578dde670df21ec0209039529834d616"}
PP_UTILITY = {"repo": PP, "path": "tools/infer/utility.py",
              "commit": "4ffb5b621ff64c7e6f2a7344d70a6cb7e9965081"}


def src(base, function):
    d = dict(base)
    d["function"] = function
    return d


# ImageNet constants: image_utils.py @00046c41 IMAGENET_DEFAULT_MEAN / IMAGENET_DEFAULT_STD (DETR's defaults,
# image_processing_detr.py @06053b84 DetrImageProcessor.__init__); PaddleOCR writes the same numbers in
# predict_det.py @026f96b6 TextDetector.__init__ ('NormalizeImage' mean/std) and in NormalizeImage's defaults.
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


# ---------------------------------------------------------------------------------------------------------------
# A. DETR (Hugging Face DetrImageProcessor, slow/PIL path)

def detr_output_size(height, width, shortest_edge=800, longest_edge=1333):
    """(out_h, out_w) for size {"shortest_edge": s, "longest_edge": l}.

    image_processing_detr.py @06053b84 DetrImageProcessor.resize passes size["shortest_edge"] and
    size["longest_edge"] to the module's get_resize_output_image_size(image, size, max_size), which for an int
    size returns get_size_with_aspect_ratio((height, width), size, max_size) from image_transforms.py @000593ad.
    The arithmetic below is that function's, in the same order of float operations (Python floats = IEEE
    doubles, so a Java port with the same order gives the same bits).
    """
    size = shortest_edge
    max_size = longest_edge
    raw_size = None
    # image_transforms.py @000593ad get_size_with_aspect_ratio: min/max of the ORIGINAL sides as floats
    min_original = float(min(height, width))
    max_original = float(max(height, width))
    # ... the long side after scaling the short side to `size` would exceed max_size (strict >) ...
    if max_original / min_original * size > max_size:
        # ... then the short side target becomes raw_size = max_size * min / max (a float), rounded with
        # Python round() (half to even) for the short side only.
        raw_size = max_size * min_original / max_original
        size = int(round(raw_size))
    # ... an image whose shorter side already equals the (possibly reduced) size is returned unchanged; note the
    # test uses `<=`, so a square image matches on either branch.
    if (height <= width and height == size) or (width <= height and width == size):
        return height, width
    if width < height:
        out_w = size
        # the long side is truncated with int(), computed from the UNROUNDED raw_size when max_size bound
        out_h = int(raw_size * height / width) if raw_size is not None else int(size * height / width)
    else:
        out_h = size
        out_w = int(raw_size * width / height) if raw_size is not None else int(size * width / height)
    return out_h, out_w


def torchvision_int_rule(height, width, size=800, max_size=1333):
    """The torchvision-style rule (image_transforms.py @000593ad get_resize_output_image_size with
    default_to_square=False): both sides int()-truncated. Used only for the comparison in SIZES.md."""
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = size, int(size * long / short)
    if new_long > max_size:
        new_short, new_long = int(max_size * new_short / new_long), max_size
    return (new_long, new_short) if width <= height else (new_short, new_long)


def detr_tensor(path, shortest_edge, longest_edge):
    # Decode with Pillow and make it RGB (what a caller hands DetrImageProcessor; image_utils.load_image does
    # .convert("RGB")). DetrImageProcessor.preprocess then calls to_numpy_array -> HWC uint8.
    with Image.open(path) as im:
        rgb = im.convert("RGB")
        arr = np.array(rgb)
    h, w = arr.shape[:2]
    out_h, out_w = detr_output_size(h, w, shortest_edge, longest_edge)
    # image_transforms.py @000593ad resize: uint8 input -> _rescale_for_pil_conversion() is False -> to_pil_image
    # (astype(uint8), Image.fromarray) -> PIL .resize((width, height), resample=BILINEAR, reducing_gap=None)
    # -> np.array(...) back to uint8 HWC (no float rounding step: PIL returns uint8 directly).
    # BILINEAR is DetrImageProcessor.__init__'s default resample (image_processing_detr.py @06053b84).
    pil = Image.fromarray(arr.astype(np.uint8))
    resized = np.array(pil.resize((out_w, out_h), resample=Image.BILINEAR, reducing_gap=None))
    # image_transforms.py @000593ad rescale: image.astype(np.float64) * scale, then .astype(np.float32);
    # scale = rescale_factor = 1 / 255 (DetrImageProcessor.__init__).
    x = (resized.astype(np.float64) * (1 / 255)).astype(np.float32)
    # image_transforms.py @000593ad normalize: float32 image, mean/std as np.array(dtype=image.dtype),
    # channels-last: (image - mean) / std, in float32.
    mean = np.array(IMAGENET_MEAN, dtype=x.dtype)
    std = np.array(IMAGENET_STD, dtype=x.dtype)
    x = (x - mean) / std
    # preprocess(data_format=ChannelDimension.FIRST): to_channel_dimension_format -> CHW; batch axis added
    # here (BatchFeature stacks). do_pad pads to the batch max, a no-op for one image (pixel_mask all ones).
    x = np.ascontiguousarray(x.transpose(2, 0, 1)[None]).astype(np.float32)
    return x, (w, h), (out_w, out_h)


# ---------------------------------------------------------------------------------------------------------------
# B. PaddleOCR DetResizeForTest (resize_image_type0) + NormalizeImage + ToCHWImage

def paddle_det_size(height, width, limit_side_len=960, limit_type="max", max_side_limit=4000):
    """Returns dict with the padded input size, resize_h/resize_w and ratio_h/ratio_w.

    operators.py @03ed63ea DetResizeForTest.__call__ / image_padding / resize_image_type0.
    """
    h, w = height, width
    padded = False
    # DetResizeForTest.__call__: if sum([src_h, src_w]) < 64 the image is first padded (image_padding: zeros,
    # bottom/right) to (max(32, h), max(32, w)); the resize below then sees the padded size.
    if h + w < 64:
        h, w = max(32, h), max(32, w)
        padded = True
    # resize_image_type0: choose ratio
    if limit_type == "max":
        # only shrink, and only when the longer side exceeds the limit (strict >)
        if max(h, w) > limit_side_len:
            ratio = float(limit_side_len) / h if h > w else float(limit_side_len) / w
        else:
            ratio = 1.0
    elif limit_type == "min":
        # only enlarge, and only when the shorter side is below the limit (strict <)
        if min(h, w) < limit_side_len:
            ratio = float(limit_side_len) / h if h < w else float(limit_side_len) / w
        else:
            ratio = 1.0
    elif limit_type == "resize_long":
        # always scale the longer side to the limit (this limit_type is only in newer operators.py)
        ratio = float(limit_side_len) / max(h, w)
    else:
        raise ValueError(limit_type)
    # resize_h = int(h * ratio), resize_w = int(w * ratio)  (truncation)
    resize_h = int(h * ratio)
    resize_w = int(w * ratio)
    clamped = False
    # newer operators.py: if the longer side exceeds max_side_limit (kwarg, default 4000) scale down again,
    # ratio = max_side_limit / max(resize_h, resize_w), truncating both again.
    if max(resize_h, resize_w) > max_side_limit:
        r2 = float(max_side_limit) / max(resize_h, resize_w)
        resize_h, resize_w = int(resize_h * r2), int(resize_w * r2)
        clamped = True
    # snap to a multiple of 32 with Python round() -- round half to EVEN (e.g. 80/32 = 2.5 -> 2 -> 64) --
    # with a floor of 32: resize_h = max(int(round(resize_h / 32) * 32), 32)
    resize_h = max(int(round(resize_h / 32) * 32), 32)
    resize_w = max(int(round(resize_w / 32) * 32), 32)
    # ratios are relative to the (possibly padded) image resize_image_type0 saw
    ratio_h = resize_h / float(h)
    ratio_w = resize_w / float(w)
    return {"padded": padded, "padded_size": (w, h), "resize_w": resize_w, "resize_h": resize_h,
            "ratio_h": ratio_h, "ratio_w": ratio_w, "max_side_clamped": clamped}


def paddle_tensor(path, limit_side_len, limit_type):
    # predict_det.py @026f96b6 __main__: img = cv2.imread(image_file) -> BGR uint8 HWC (IMREAD_COLOR).
    img = cv2.imread(path)
    if img is None:
        raise RuntimeError("cv2.imread failed: " + path)
    src_h, src_w = img.shape[:2]
    # operators.py @03ed63ea DetResizeForTest.__call__ / image_padding: zero-pad small images (h + w < 64).
    if src_h + src_w < 64:
        pad = np.zeros((max(32, src_h), max(32, src_w), img.shape[2]), np.uint8)
        pad[:src_h, :src_w, :] = img
        img = pad
    s = paddle_det_size(src_h, src_w, limit_side_len, limit_type)
    # resize_image_type0: cv2.resize(img, (int(resize_w), int(resize_h))) -- default interpolation INTER_LINEAR.
    img = cv2.resize(img, (int(s["resize_w"]), int(s["resize_h"])))
    # NormalizeImage(scale='1./255.', mean, std, order='hwc') (predict_det.py @026f96b6 pre_process_list;
    # operators.py @03ed63ea NormalizeImage): scale = np.float32(eval('1./255.')); mean/std reshaped (1, 1, 3)
    # float32; (img.astype('float32') * scale - mean) / std, all float32, applied to the channels in the order
    # the image has them -- BGR from cv2.imread, so mean[0] = 0.485 (ImageNet's R) meets the B channel.
    scale = np.float32(1.0 / 255.0)
    mean = np.array(IMAGENET_MEAN).reshape((1, 1, 3)).astype("float32")
    std = np.array(IMAGENET_STD).reshape((1, 1, 3)).astype("float32")
    x = (img.astype("float32") * scale - mean) / std
    # ToCHWImage: transpose((2, 0, 1)); TextDetector.__call__: np.expand_dims(img, axis=0) -> NCHW.
    x = np.ascontiguousarray(x.transpose((2, 0, 1))[None]).astype(np.float32)
    return x, (src_w, src_h), s


# ---------------------------------------------------------------------------------------------------------------

def peers():
    return {"python": platform.python_version(), "numpy": np.__version__, "pillow": PIL.__version__,
            "opencv": cv2.__version__}


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_case(case_id, tensor, meta):
    np.save(os.path.join(CASES, case_id + ".npy"), tensor)
    meta = dict({"id": case_id}, **meta)
    meta["tensor"] = {"file": case_id + ".npy", "dtype": "float32", "layout": "NCHW",
                      "shape": list(tensor.shape)}
    meta["peer"] = peers()
    with open(os.path.join(CASES, case_id + ".json"), "w") as f:
        json.dump(meta, f, indent=2, sort_keys=False)
        f.write("\n")


DETR_SOURCES = [
    src(HF_DETR, "DetrImageProcessor.__init__ (size, resample=BILINEAR, rescale_factor=1/255, ImageNet mean/std)"),
    src(HF_DETR, "DetrImageProcessor.resize -> get_resize_output_image_size"),
    src(HF_TRANSFORMS, "get_size_with_aspect_ratio"),
    src(HF_TRANSFORMS, "resize (to_pil_image + PIL.Image.resize) / rescale / normalize"),
    src(HF_DETR, "DetrImageProcessor.preprocess (order: resize, rescale, normalize, channels first)"),
    src(HF_UTILS, "IMAGENET_DEFAULT_MEAN / IMAGENET_DEFAULT_STD"),
]
PADDLE_SOURCES = [
    src(PP_OPS, "DetResizeForTest.__call__ / image_padding / resize_image_type0"),
    src(PP_OPS, "NormalizeImage / ToCHWImage"),
    src(PP_PREDICT, "TextDetector.__init__ pre_process_list; __main__ cv2.imread"),
    src(PP_UTILITY, "parse_args (det_limit_side_len=960, det_limit_type='max')"),
]


def make_detr_case(case_id, input_name, shortest_edge, longest_edge, note):
    path = os.path.join(INPUTS, input_name)
    x, (w, h), (ow, oh) = detr_tensor(path, shortest_edge, longest_edge)
    tv = torchvision_int_rule(h, w, shortest_edge, longest_edge)
    meta = {
        "recipe": "detr",
        "params": {"shortest_edge": shortest_edge, "longest_edge": longest_edge, "resample": "PIL.BILINEAR",
                   "rescale_factor": "1/255", "image_mean": IMAGENET_MEAN, "image_std": IMAGENET_STD,
                   "channel_order": "RGB", "decoder": "PIL Image.open(...).convert('RGB')"},
        "source": DETR_SOURCES[2],
        "sources": DETR_SOURCES,
        "input": {"file": "inputs/" + input_name, "sha256": sha256(path), "size": {"w": w, "h": h}},
        "output_size": {"w": ow, "h": oh},
        "max_size_binds": max(h, w) / min(h, w) * shortest_edge > longest_edge,
        "torchvision_int_rule_size": {"w": tv[1], "h": tv[0]},
        "note": note,
    }
    write_case(case_id, x, meta)
    return case_id, (w, h), (ow, oh)


def make_paddle_case(case_id, input_name, limit_side_len, limit_type, note):
    path = os.path.join(INPUTS, input_name)
    x, (w, h), s = paddle_tensor(path, limit_side_len, limit_type)
    assert x.shape == (1, 3, s["resize_h"], s["resize_w"])
    meta = {
        "recipe": "paddleocr-det",
        "params": {"limit_side_len": limit_side_len, "limit_type": limit_type, "max_side_limit": 4000,
                   "interpolation": "cv2.INTER_LINEAR", "scale": "1./255.", "mean": IMAGENET_MEAN,
                   "std": IMAGENET_STD, "order": "hwc", "channel_order": "BGR",
                   "decoder": "cv2.imread(path) (IMREAD_COLOR)"},
        "source": PADDLE_SOURCES[0],
        "sources": PADDLE_SOURCES,
        "input": {"file": "inputs/" + input_name, "sha256": sha256(path), "size": {"w": w, "h": h}},
        "output_size": {"w": s["resize_w"], "h": s["resize_h"]},
        "ratio_h": s["ratio_h"],
        "ratio_w": s["ratio_w"],
        "shape_row": [h, w, s["ratio_h"], s["ratio_w"]],
        "padded_before_resize": s["padded"],
        "max_side_clamped": s["max_side_clamped"],
        "note": note,
    }
    write_case(case_id, x, meta)
    return case_id, (w, h), (s["resize_w"], s["resize_h"])


# ---------------------------------------------------------------------------------------------------------------
# sizes.tsv

SIZE_INPUTS = [
    (1920, 1080), (1080, 1920), (1333, 800), (800, 1333), (1334, 800), (800, 1334), (1332, 800), (1000, 800),
    (800, 800), (640, 480), (480, 640), (4000, 3000), (3000, 4000), (100, 2000), (2000, 100), (799, 1334),
    (1334, 799), (1334, 500), (1333, 600), (1400, 600), (2666, 1001), (451, 300), (300, 451), (512, 512),
    (640, 427), (427, 640), (21, 3), (39, 10), (33, 33), (32, 32), (31, 31), (31, 33), (1, 1), (1, 100),
    (80, 80), (48, 48), (144, 80), (112, 16), (960, 960), (961, 540), (1280, 720), (736, 736), (735, 1000),
    (10000, 100), (100, 10000), (5000, 5000), (2, 1), (1334, 1), (2665, 1),
]

DETR_PARAMS = [(800, 1333)]
PADDLE_PARAMS = [(960, "max"), (736, "min"), (960, "resize_long")]


def write_sizes(extra_detr=(), extra_paddle=()):
    rows = ["recipe\tparams\tin_w\tin_h\tout_w\tout_h\tratio_h\tratio_w"]
    for se, le in list(DETR_PARAMS) + [p for p in extra_detr if p not in DETR_PARAMS]:
        for w, h in SIZE_INPUTS:
            oh, ow = detr_output_size(h, w, se, le)
            rows.append(f"detr\tshortest_edge={se},longest_edge={le}\t{w}\t{h}\t{ow}\t{oh}\t-\t-")
    for lim, typ in list(PADDLE_PARAMS) + [p for p in extra_paddle if p not in PADDLE_PARAMS]:
        for w, h in SIZE_INPUTS:
            s = paddle_det_size(h, w, lim, typ)
            rows.append(f"paddleocr-det\tlimit_type={typ},limit_side_len={lim}\t{w}\t{h}\t{s['resize_w']}\t"
                        f"{s['resize_h']}\t{s['ratio_h']!r}\t{s['ratio_w']!r}")
    with open(os.path.join(HERE, "sizes.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    return len(rows) - 1


# ---------------------------------------------------------------------------------------------------------------
# The cases. Inputs are the shared photos in inputs/ (see the README there / SOURCES.md).

DETR_CASES = [
    # (id, input, shortest_edge, longest_edge, note)
    ("detr_800_1333__page_line", "page_line.png", 800, 1333,
     "DETR defaults; a 384x37 text line: longest_edge binds (384/37*800 > 1333), raw_size = 1333*37/384 = "
     "128.44 -> round -> 128 rows, width int(raw_size*384/37) = 1333; PIL bilinear upscale"),
    ("detr_224_1333__chelsea", "chelsea.png", 224, 1333,
     "shortest_edge 224 (not DETR's default, chosen to keep the tensor small), longest_edge does not bind: "
     "300 -> 224 rows, width int(224*451/300) = 336; PIL bilinear downscale (PIL widens the filter support "
     "when shrinking, so this is not a 2x2-tap bilinear)"),
]
PADDLE_CASES = [
    # (id, input, limit_side_len, limit_type, note)
    ("paddle_max960__page_line", "page_line.png", 960, "max",
     "predict_det defaults (max, 960): no side over 960 so ratio = 1, then each side snapped to a multiple "
     "of 32: 37 -> round(1.156)*32 = 32, 384 -> 384 (aspect changes)"),
    ("paddle_min64__page_line", "page_line.png", 64, "min",
     "limit_type min with a small limit (config default is min/736; 64 keeps the tensor small): shorter "
     "side 37 < 64 so ratio = 64/37, sides int()-truncated then snapped to 32"),
    ("paddle_max960__chelsea_tiny", TINY, 960, "max",
     "a 41x19 crop: width + height 60 < 64, so image_padding puts it top-left on a 41x32 black canvas first;"
     " ratio 1, sides snapped to 32: 41 -> 32, 32 -> 32"),
    ("paddle_min64__chelsea_tiny", TINY, 64, "min",
     "the same crop padded to 41x32, then limit_type min 64: ratio 64/32 = 2, 82x64, snapped to 96x64"),
    ("paddle_resize_long256__chelsea_16x9", "chelsea_16x9.png", 256, "resize_long",
     "limit_type resize_long (newer operators.py only): ratio = 256/448; height int(252*ratio) then "
     "round(h/32) with Python's half-to-even round"),
]


def build_tiny_input():
    # a 41x19 crop of chelsea.png (the cat's eye; width + height 60 < 64), so DetResizeForTest pads it first
    path = os.path.join(INPUTS, TINY)
    if not os.path.exists(path):
        img = cv2.imread(os.path.join(INPUTS, "chelsea.png"))
        cv2.imwrite(path, img[100:119, 200:241])


def self_checks():
    # E. the claim: 1920x1080 at 800/1333 -> 750 rows in HF, 749 with torchvision's int() rule
    assert detr_output_size(1080, 1920) == (750, 1333), detr_output_size(1080, 1920)
    assert torchvision_int_rule(1080, 1920) == (749, 1333)
    # shorter side already == size: unchanged
    assert detr_output_size(800, 1333) == (800, 1333)
    # Python round() is half-to-even
    assert paddle_det_size(80, 80)["resize_h"] == 64 and paddle_det_size(48, 48)["resize_h"] == 64


def main():
    self_checks()
    build_tiny_input()
    os.makedirs(CASES, exist_ok=True)
    made = []
    for cid, name, se, le, note in DETR_CASES:
        made.append(make_detr_case(cid, name, se, le, note))
    for cid, name, lim, typ, note in PADDLE_CASES:
        made.append(make_paddle_case(cid, name, lim, typ, note))
    n = write_sizes(extra_detr=[(c[2], c[3]) for c in DETR_CASES],
                    extra_paddle=list(dict.fromkeys((c[2], c[3]) for c in PADDLE_CASES)))
    for cid, ins, outs in made:
        print(f"{cid}: {ins[0]}x{ins[1]} -> {outs[0]}x{outs[1]}")
    print(f"sizes.tsv: {n} rows; peers {peers()}")


if __name__ == "__main__":
    sys.exit(main())
