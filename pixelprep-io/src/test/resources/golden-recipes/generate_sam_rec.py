#!/usr/bin/python3
"""Golden cases for two more model-author recipes: Segment Anything ("sam") and PaddleOCR recognition
("paddleocr-rec").

Runs the authors' preprocessing again with the real peer libraries: Debian bookworm python3-torch and
python3-torchvision (the resize SAM calls), python3-pil (which torchvision hands the resize to), python3-opencv and
python3-numpy. It writes

  cases/sam_*.npy    float32 NCHW [1, 3, S, S], RGB, (x - pixel_mean) / pixel_std, padded bottom/right with 0.0
  cases/rec_*.npy    float32 NCHW [1, 3, 48, W], BGR, (x / 255 - 0.5) / 0.5, padded right with 0.0
  cases/sam_*.json, cases/rec_*.json   parameters, sizes, citations, peer versions
  rec_sizes.tsv      PaddleOCR rec sizes (batch of one, rec_image_shape 3,48,320) for many input sizes
  inputs/page_word.png  (only when missing, or with --rebuild-inputs) a crop of inputs/page_line.png

and it rewrites only the sam_/rec_ lines of cases.txt. It touches nothing else. See SAM-REC.md.

Run from the repository root:

  apt-get install -y python3-opencv python3-numpy python3-pil python3-torch python3-torchvision
  /usr/bin/python3 pixelprep-io/src/test/resources/golden-recipes/generate_sam_rec.py [--sam-checkout DIR]

--sam-checkout DIR: a checkout of facebookresearch/segment-anything. Each SAM tensor is then also computed with
the authors' own ResizeLongestSide.apply_image and Sam.preprocess (Sam.preprocess is called on a stub that holds
pixel_mean, pixel_std and image_encoder.img_size, so no weights are needed), and the two must be bit-identical.

This file is our own code. It follows the authors' arithmetic step by step but copies none of their text. Each
step names the file, commit and function it follows.
"""

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

import cv2
import numpy as np
import PIL
from PIL import Image

import torch
import torch.nn.functional as F
import torchvision
from torchvision.transforms import functional as TF

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "inputs"
CASES = HERE / "cases"

# ---------------------------------------------------------------------------------------------------------------
# Citations.
# Segment Anything: a fetched snapshot of the whole repository. "commit" is its HEAD; "file_last_changed_in" is the
# last commit that touched the file (git log -1 -- path).
# PaddleOCR: the search tool's index (the repository is too large to fetch); "commit" is the stored version read.
# ---------------------------------------------------------------------------------------------------------------
SAM_REPO = "facebookresearch/segment-anything"
SAM_HEAD = "dca509fe793f601edb92606367a655c15ac00fdf"
SAM_TRANSFORMS = {
    "repo": SAM_REPO, "path": "segment_anything/utils/transforms.py", "commit": SAM_HEAD,
    "file_last_changed_in": "567662b0fd33ca4b022d94d3b8de896628cd32dd",
    "function": "ResizeLongestSide.apply_image / ResizeLongestSide.get_preprocess_shape",
}
SAM_PREDICTOR = {
    "repo": SAM_REPO, "path": "segment_anything/predictor.py", "commit": SAM_HEAD,
    "file_last_changed_in": "dec4c129404d8f2a78cfe5c0768920669381f25e",
    "function": "SamPredictor.__init__ (ResizeLongestSide(img_size)) / set_image / set_torch_image",
}
SAM_MODEL = {
    "repo": SAM_REPO, "path": "segment_anything/modeling/sam.py", "commit": SAM_HEAD,
    "file_last_changed_in": "20114f51381801e44e0cae073a5d87defc7cdea5",
    "function": "Sam.__init__ (pixel_mean, pixel_std, image_format='RGB') / Sam.preprocess",
}
SAM_BUILD = {
    "repo": SAM_REPO, "path": "segment_anything/build_sam.py", "commit": SAM_HEAD,
    "file_last_changed_in": "8991c14de4b7479f027a2393cf23b6cc5d25f882",
    "function": "_build_sam (image_size = 1024)",
}
SAM_AMG = {
    "repo": SAM_REPO, "path": "scripts/amg.py", "commit": SAM_HEAD,
    "file_last_changed_in": "8991c14de4b7479f027a2393cf23b6cc5d25f882",
    "function": "main (cv2.imread(t); cv2.cvtColor(image, cv2.COLOR_BGR2RGB))",
}
TV_RESIZE = {
    "repo": "Debian python3-torchvision " + torchvision.__version__,
    "path": "torchvision/transforms/functional.py, torchvision/transforms/functional_pil.py",
    "function": "resize (PIL branch: pil_modes_mapping[BILINEAR] = 2, antialias ignored) -> "
                "F_pil.resize: img.resize(tuple(size[::-1]), interpolation)",
}

PADDLE_REPO = "PaddlePaddle/PaddleOCR"
REC_PREDICT = {
    "repo": PADDLE_REPO, "path": "tools/infer/predict_rec.py",
    "commit": "0002349df3baed66b5149698cbb8cb5d4c1df3ee",
    "function": "TextRecognizer.resize_norm_img / TextRecognizer.__call__ (max_wh_ratio per batch) / "
                "main (cv2.imread; log: PP-OCRv3 rec_image_shape defaults to '3, 48, 320')",
}
REC_ARGS_DOC = {
    "repo": PADDLE_REPO, "path": "doc/doc_en/inference_args_en.md",
    "commit": "134058f29161fe4640f77ea6402f6f78518d0c8d",
    "function": "Text recognition parameters table (rec_image_shape \"3,48,320\", rec_batch_num 6)",
}
REC_CONFIG = {
    "repo": PADDLE_REPO, "path": "configs/rec/PP-OCRv3/ch_PP-OCRv3_rec.yml",
    "commit": "523d2ce08dbbf48bec90eec0050b660a5ade262c",
    "function": "Eval transforms: DecodeImage img_mode BGR; RecResizeImg image_shape [3, 48, 320]",
}

SAM_PIXEL_MEAN = [123.675, 116.28, 103.53]  # sam.py Sam.__init__ defaults, 0..255 units
SAM_PIXEL_STD = [58.395, 57.12, 57.375]
SAM_DEFAULT_IMG_SIZE = 1024  # build_sam.py _build_sam
REC_IMAGE_SHAPE = (3, 48, 320)  # predict_rec.py main() log / inference_args_en.md


# ---------------------------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------------------------
PAGE_WORD_COLUMNS = (0, 119)  # [start, stop): "Region-bas", cut in the blank columns 117..118 of page_line.png


def build_inputs(force=False):
    out = INPUTS / "page_word.png"
    if out.exists() and not force:
        return
    line = cv2.imread(str(INPUTS / "page_line.png"), cv2.IMREAD_COLOR)
    assert line.shape == (37, 384, 3), line.shape
    crop = np.ascontiguousarray(line[:, PAGE_WORD_COLUMNS[0]:PAGE_WORD_COLUMNS[1]])
    cv2.imwrite(str(out), crop, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    assert np.array_equal(cv2.imread(str(out), cv2.IMREAD_COLOR), crop)


def sha256(data):
    return hashlib.sha256(data if isinstance(data, (bytes, bytearray)) else Path(data).read_bytes()).hexdigest()


def peer_versions():
    return {
        "python": sys.version.split()[0], "numpy": np.__version__, "pillow": PIL.__version__,
        "opencv": cv2.__version__, "torch": torch.__version__, "torchvision": torchvision.__version__,
    }


# ---------------------------------------------------------------------------------------------------------------
# Segment Anything
# ---------------------------------------------------------------------------------------------------------------
def sam_decode(path):
    # scripts/amg.py@8991c14d main: cv2.imread(t) (BGR), then cv2.cvtColor(image, cv2.COLOR_BGR2RGB);
    # predictor.py@dec4c129 set_image(image, image_format="RGB") == sam.py Sam.image_format "RGB": no flip.
    bgr = cv2.imread(str(path))
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def sam_shape(oldh, oldw, long_side_length):
    # transforms.py@567662b0 ResizeLongestSide.get_preprocess_shape: scale = L * 1.0 / max(h, w); both sides
    # multiplied by the float scale, then int(v + 0.5) (half-up for positive v, not Python's round()).
    scale = long_side_length * 1.0 / max(oldh, oldw)
    newh, neww = oldh * scale, oldw * scale
    return int(newh + 0.5), int(neww + 0.5)


def sam_tensor(rgb, target_length, img_size):
    h, w = rgb.shape[:2]
    # transforms.py@567662b0 ResizeLongestSide.apply_image: resize(to_pil_image(image), (newh, neww)) from
    # torchvision.transforms.functional, default interpolation BILINEAR; a PIL input goes to PIL's
    # Image.resize((neww, newh), BILINEAR), torchvision's antialias argument is ignored for PIL.
    newh, neww = sam_shape(h, w, target_length)
    resized = np.array(TF.resize(TF.to_pil_image(rgb), (newh, neww)))
    assert resized.shape == (newh, neww, 3)
    # predictor.py@dec4c129 set_image: torch.as_tensor (uint8), permute(2, 0, 1), contiguous, [None] -> 1x3xHxW
    x = torch.as_tensor(resized).permute(2, 0, 1).contiguous()[None, :, :, :]
    # sam.py@20114f51 Sam.__init__: pixel_mean/std buffers torch.Tensor(list).view(-1, 1, 1) (float32)
    mean = torch.Tensor(SAM_PIXEL_MEAN).view(-1, 1, 1)
    std = torch.Tensor(SAM_PIXEL_STD).view(-1, 1, 1)
    # sam.py@20114f51 Sam.preprocess: (x - pixel_mean) / pixel_std (uint8 promoted to float32) ...
    x = (x - mean) / std
    # ... then F.pad(x, (0, padw, 0, padh)): constant 0 on the right and bottom, AFTER normalisation.
    padh, padw = img_size - x.shape[-2], img_size - x.shape[-1]
    x = F.pad(x, (0, padw, 0, padh))
    return x.numpy(), (neww, newh), (padw, padh)


def sam_reference(rgb, target_length, img_size, checkout):
    """The authors' own code from a checkout: ResizeLongestSide.apply_image and Sam.preprocess on a stub."""
    sys.path.insert(0, str(checkout))
    from segment_anything.modeling.sam import Sam
    from segment_anything.utils.transforms import ResizeLongestSide

    class Stub:
        pass

    stub = Stub()
    stub.pixel_mean = torch.Tensor(SAM_PIXEL_MEAN).view(-1, 1, 1)
    stub.pixel_std = torch.Tensor(SAM_PIXEL_STD).view(-1, 1, 1)
    stub.image_encoder = Stub()
    stub.image_encoder.img_size = img_size
    im = ResizeLongestSide(target_length).apply_image(rgb)
    t = torch.as_tensor(im).permute(2, 0, 1).contiguous()[None, :, :, :]
    return Sam.preprocess(stub, t).numpy()


# ---------------------------------------------------------------------------------------------------------------
# PaddleOCR recognition
# ---------------------------------------------------------------------------------------------------------------
def rec_decode(path):
    # predict_rec.py@0002349d main: check_and_read (gif/pdf only) else cv2.imread(image_file): BGR, kept as BGR.
    return cv2.imread(str(path))


def rec_batch_ratio(sizes, rec_image_shape=REC_IMAGE_SHAPE):
    # predict_rec.py@0002349d TextRecognizer.__call__: per batch, max_wh_ratio starts at imgW / imgH (320/48) and
    # takes the max of w * 1.0 / h over the batch's images (sorted by ratio; batch size rec_batch_num, default 6).
    _, img_h, img_w = rec_image_shape
    r = img_w / img_h
    for (w, h) in sizes:
        r = max(r, w * 1.0 / h)
    return r


def rec_sizes(w, h, max_wh_ratio, rec_image_shape=REC_IMAGE_SHAPE):
    # predict_rec.py@0002349d TextRecognizer.resize_norm_img (default branch: CRNN / SVTR_LCNet, not onnx):
    _, img_h, _ = rec_image_shape
    canvas_w = int(img_h * max_wh_ratio)  # imgW = int((imgH * max_wh_ratio))
    ratio = w / float(h)
    if math.ceil(img_h * ratio) > canvas_w:  # clamp to the canvas ...
        resized_w = canvas_w
    else:  # ... else ceil, not round or floor
        resized_w = int(math.ceil(img_h * ratio))
    return resized_w, canvas_w


def rec_tensor(bgr, max_wh_ratio, rec_image_shape=REC_IMAGE_SHAPE):
    img_c, img_h, _ = rec_image_shape
    h, w = bgr.shape[:2]
    assert img_c == bgr.shape[2]
    resized_w, canvas_w = rec_sizes(w, h, max_wh_ratio, rec_image_shape)
    # predict_rec.py@0002349d resize_norm_img: cv2.resize(img, (resized_w, imgH)), default INTER_LINEAR
    resized = cv2.resize(bgr, (resized_w, img_h))
    # astype float32, transpose to CHW, / 255, -= 0.5, /= 0.5: each a float32 numpy step
    x = resized.astype("float32")
    x = x.transpose((2, 0, 1)) / 255
    x -= 0.5
    x /= 0.5
    # padding_im = zeros (imgC, imgH, imgW) float32; image in columns 0:resized_w -> 0.0 on the right, after
    # normalisation
    canvas = np.zeros((img_c, img_h, canvas_w), dtype=np.float32)
    canvas[:, :, 0:resized_w] = x
    # __call__: norm_img[np.newaxis, :], np.concatenate over the batch (here one image)
    return canvas[np.newaxis, :], resized_w, canvas_w


# ---------------------------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------------------------
SAM_CASES = [
    # id, input, target_length (= img_size)
    ("sam_256__chelsea", "chelsea.png", 256),
    ("sam_160__rocket_portrait", "rocket_portrait.jpg", 160),
]
REC_CASES = [
    # id, input
    ("rec_48x320__page_line", "page_line.png"),
    ("rec_48x320__page_word", "page_word.png"),
    ("rec_48x320__chelsea", "chelsea.png"),
]


def tensor_meta(case_id, t):
    return {
        "file": case_id + ".npy", "dtype": "float32", "layout": "NCHW", "shape": list(t.shape),
        "min": float(t.min()), "max": float(t.max()), "mean": float(t.astype(np.float64).mean()),
        "sha256_of_data": sha256(np.ascontiguousarray(t).tobytes()),
    }


def input_meta(name, w, h, decoder):
    return {"file": "inputs/" + name, "sha256": sha256(INPUTS / name), "size": {"w": w, "h": h}, "decoder": decoder}


def run_sam(case_id, name, target_length, peers, checkout):
    rgb = sam_decode(INPUTS / name)
    h, w = rgb.shape[:2]
    img_size = target_length  # SamPredictor.__init__: ResizeLongestSide(sam_model.image_encoder.img_size)
    t, (rw, rh), (padw, padh) = sam_tensor(rgb, target_length, img_size)
    checked = False
    if checkout:
        ref = sam_reference(rgb, target_length, img_size, checkout)
        assert ref.dtype == t.dtype and ref.shape == t.shape and np.array_equal(ref, t), case_id
        checked = True
    np.save(CASES / (case_id + ".npy"), t)
    meta = {
        "id": case_id,
        "recipe": "sam",
        "params": {
            "target_length": target_length,
            "img_size": img_size,
            "non_default": True,
            "default_target_length": SAM_DEFAULT_IMG_SIZE,
            "default_img_size": SAM_DEFAULT_IMG_SIZE,
            "note": "same code path as the released SAM models but with image_encoder.img_size = target_length = "
                    f"{target_length} instead of 1024, to keep the tensor small",
            "size_rounding": "scale = target_length * 1.0 / max(h, w); side = int(side * scale + 0.5)",
            "interpolation": "PIL Image.BILINEAR (torchvision functional.resize on a PIL image; antialias ignored; "
                             "PIL's bilinear filter widens with the downscale factor)",
            "pixel_mean": SAM_PIXEL_MEAN,
            "pixel_std": SAM_PIXEL_STD,
            "units": "0..255 (no /255 step)",
            "order": "normalise, then pad",
            "pad_value": 0.0,
            "pad_value_note": "0.0 in normalised units, i.e. pixel_mean in pixel units, not black",
            "pad_position": "bottom-right (image at the top-left corner)",
            "channel_order": "RGB",
            "decoder": "cv2.imread(path) then cv2.cvtColor(COLOR_BGR2RGB) (scripts/amg.py)",
        },
        "source": SAM_TRANSFORMS,
        "sources": [SAM_TRANSFORMS, TV_RESIZE, SAM_PREDICTOR, SAM_MODEL, SAM_BUILD, SAM_AMG],
        "input": input_meta(name, w, h, "cv2.imread + cv2.cvtColor(COLOR_BGR2RGB)"),
        "resized_size": {"w": rw, "h": rh},
        "pad": {"top": 0, "left": 0, "bottom": padh, "right": padw},
        "output_size": {"w": img_size, "h": img_size},
        "checked_against_authors_code": checked,
        "tensor": tensor_meta(case_id, t),
        "peer": peers,
    }
    (CASES / (case_id + ".json")).write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def run_rec(case_id, name, peers):
    bgr = rec_decode(INPUTS / name)
    h, w = bgr.shape[:2]
    ratio = rec_batch_ratio([(w, h)])
    t, resized_w, canvas_w = rec_tensor(bgr, ratio)
    np.save(CASES / (case_id + ".npy"), t)
    c, img_h, img_w = REC_IMAGE_SHAPE
    meta = {
        "id": case_id,
        "recipe": "paddleocr-rec",
        "params": {
            "rec_image_shape": [c, img_h, img_w],
            "rec_algorithm": "SVTR_LCNet (any algorithm on the default resize_norm_img branch, e.g. CRNN)",
            "batch": 1,
            "batch_note": "max_wh_ratio is taken over a whole batch (rec_batch_num, default 6, sorted by w/h): "
                          "with other images in the batch the canvas may be wider; these cases are one image",
            "max_wh_ratio": ratio,
            "canvas_rule": "canvas_w = int(imgH * max(imgW / imgH, w / h))",
            "resized_rule": "resized_w = canvas_w if ceil(imgH * w / h) > canvas_w else ceil(imgH * w / h)",
            "interpolation": "cv2.INTER_LINEAR (cv2.resize default; no antialias)",
            "scale": "1/255",
            "mean": [0.5, 0.5, 0.5],
            "std": [0.5, 0.5, 0.5],
            "normalisation": "float32 steps: x / 255, -= 0.5, /= 0.5",
            "pad_value": 0.0,
            "pad_value_note": "0.0 after normalisation, i.e. mid-grey 127.5 in pixel units, not black",
            "pad_position": "right (image at column 0)",
            "order": "chw",
            "channel_order": "BGR",
            "decoder": "cv2.imread(path) (IMREAD_COLOR)",
        },
        "source": REC_PREDICT,
        "sources": [REC_PREDICT, REC_ARGS_DOC, REC_CONFIG],
        "input": input_meta(name, w, h, "cv2.imread(path)"),
        "resized_size": {"w": resized_w, "h": img_h},
        "pad": {"top": 0, "left": 0, "bottom": 0, "right": canvas_w - resized_w},
        "output_size": {"w": canvas_w, "h": img_h},
        "tensor": tensor_meta(case_id, t),
        "peer": peers,
    }
    (CASES / (case_id + ".json")).write_text(json.dumps(meta, indent=2) + "\n")
    return meta


REC_TABLE_SIZES = [
    (1, 1), (10, 48), (100, 48), (160, 48), (161, 48), (319, 48), (320, 48), (321, 48), (1000, 48),
    (384, 37), (119, 37), (451, 300), (37, 384), (16, 1), (2000, 10), (1, 1000), (1, 48), (48, 1), (7, 1),
    (20, 3), (320, 47), (320, 49), (640, 96), (639, 96), (641, 96), (100, 15), (100, 16), (333, 50), (334, 50),
    (448, 252), (512, 512), (425, 640), (201, 151), (1920, 1080), (4000, 10), (33, 5), (1000, 150), (1000, 151),
    (20, 3000), (6, 1), (13, 2), (27, 4), (107, 16), (108, 16),
]


REC_BATCHES = [
    # id, inputs: PaddleOCR's TextRecognizer sorts a call's lines by w/h and batches rec_batch_num (6) at a time;
    # these are listed in that order, so the batch is the one it makes
    ("rec_batch__word_cat_line", ["chelsea.png", "page_word.png", "page_line.png"]),
]


def run_rec_batch(case_id, names, peers):
    imgs = [rec_decode(INPUTS / n) for n in names]
    sizes = [(im.shape[1], im.shape[0]) for im in imgs]
    assert sizes == sorted(sizes, key=lambda s: s[0] / float(s[1])), "list the lines by w/h, as PaddleOCR sorts them"
    ratio = rec_batch_ratio(sizes)
    parts, resized = [], []
    for im in imgs:
        t, rw, canvas_w = rec_tensor(im, ratio)
        parts.append(t)
        resized.append(rw)
    # __call__: norm_img_batch = np.concatenate(norm_img_batch) (each already [1, C, H, W]), then .copy()
    t = np.concatenate(parts).copy()
    np.save(CASES / (case_id + ".npy"), t)
    c, img_h, img_w = REC_IMAGE_SHAPE
    meta = {
        "id": case_id,
        "recipe": "paddleocr-rec",
        "params": {"rec_image_shape": [c, img_h, img_w], "batch": len(imgs), "max_wh_ratio": ratio,
                   "canvas_rule": "canvas_w = int(imgH * max(imgW / imgH, max over the batch of w / h))",
                   "resized_rule": "resized_w = canvas_w if ceil(imgH * w / h) > canvas_w else ceil(imgH * w / h)"},
        "source": REC_PREDICT,
        "inputs": [input_meta(n, s[0], s[1], "cv2.imread(path)") for n, s in zip(names, sizes)],
        "resized_widths": resized,
        "output_size": {"w": canvas_w, "h": img_h},
        "tensor": tensor_meta(case_id, t),
        "peer": peers,
    }
    (CASES / (case_id + ".json")).write_text(json.dumps(meta, indent=2) + "\n")
    return meta


# batches of sizes for rec_batch_sizes.tsv: each row one batch, PaddleOCR's canvas and every line's width
REC_BATCH_SIZES = [
    [(384, 37), (119, 37)], [(384, 37), (385, 37)], [(100, 48), (1000, 48)], [(320, 48), (321, 48), (319, 48)],
    [(1, 1), (16, 1)], [(7, 1), (13, 2), (27, 4)], [(107, 16), (108, 16), (333, 50), (334, 50)],
    [(451, 300), (1920, 1080), (640, 96)], [(1000, 150), (1000, 151), (2000, 10)], [(33, 5), (20, 3), (6, 1)],
    [(639, 96), (641, 96)], [(100, 15), (100, 16), (160, 48), (161, 48)], [(4000, 10), (10, 48)],
]


def write_rec_batch_table():
    lines = ["batch (w x h, ...)\tcanvas_w\tresized_w (each line)"]
    for sizes in REC_BATCH_SIZES:
        ratio = rec_batch_ratio(sizes)
        got = [rec_sizes(w, h, ratio) for (w, h) in sizes]
        lines.append(",".join("%dx%d" % s for s in sizes) + "\t" + str(got[0][1]) + "\t" + ",".join(str(g[0]) for g in got))
    (HERE / "rec_batch_sizes.tsv").write_text("\n".join(lines) + "\n")
    return len(lines) - 1


def write_rec_table():
    lines = ["in_w\tin_h\tresized_w\tcanvas_w"]
    for (w, h) in REC_TABLE_SIZES:
        resized_w, canvas_w = rec_sizes(w, h, rec_batch_ratio([(w, h)]))
        lines.append(f"{w}\t{h}\t{resized_w}\t{canvas_w}")
    (HERE / "rec_sizes.tsv").write_text("\n".join(lines) + "\n")
    return len(lines) - 1


def checks():
    # The brief's worked examples, and the identities the tables rely on.
    assert sam_shape(300, 451, 256) == (170, 256)
    assert sam_shape(640, 425, 160) == (160, 106)
    assert sam_shape(300, 451, 1024) == (681, 1024)
    assert sam_shape(1365, 2048, 1024) == (683, 1024)  # 682.5 -> 683 (Python round() would give 682)
    assert sam_shape(1, 2048, 1024) == (1, 1024)  # 0.5 -> 1
    assert sam_shape(1, 4000, 1024) == (0, 1024)  # 0.256 -> 0: PIL refuses a zero-height resize
    assert rec_sizes(384, 37, rec_batch_ratio([(384, 37)])) == (498, 498)  # ceil 499 > int 498 -> clamped
    assert rec_sizes(119, 37, rec_batch_ratio([(119, 37)])) == (155, 320)
    assert rec_sizes(120, 37, rec_batch_ratio([(120, 37)])) == (156, 320)
    assert rec_sizes(451, 300, rec_batch_ratio([(451, 300)])) == (73, 320)
    assert int(48 * (320 / 48)) == 320


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sam-checkout", help="a checkout of facebookresearch/segment-anything to cross-check against")
    ap.add_argument("--rebuild-inputs", action="store_true")
    args = ap.parse_args()
    checks()
    build_inputs(args.rebuild_inputs)
    peers = peer_versions()
    metas = [run_sam(i, n, L, peers, args.sam_checkout) for (i, n, L) in SAM_CASES]
    metas += [run_rec(i, n, peers) for (i, n) in REC_CASES]
    metas += [run_rec_batch(i, n, peers) for (i, n) in REC_BATCHES]
    rows = write_rec_table()
    write_rec_batch_table()
    # cases.txt also lists other generators' ids: keep their lines, replace ours.
    listing = HERE / "cases.txt"
    kept = [ln for ln in (listing.read_text().splitlines() if listing.exists() else [])
            if ln.strip() and not ln.startswith(("sam_", "rec_"))]
    listing.write_text("".join(ln + "\n" for ln in kept + [m["id"] for m in metas]))
    for m in metas:
        if "inputs" in m:
            print(f'{m["id"]:28s} {len(m["inputs"])} lines, widths {m["resized_widths"]} on {m["output_size"]["w"]} '
                  f'tensor {m["tensor"]["shape"]}')
            continue
        i, r, o = m["input"]["size"], m["resized_size"], m["output_size"]
        print(f'{m["id"]:28s} in {i["w"]}x{i["h"]:<4d} resized {r["w"]}x{r["h"]:<4d} canvas {o["w"]}x{o["h"]:<4d} '
              f'tensor {m["tensor"]["shape"]} checked={m.get("checked_against_authors_code", "-")}')
    print(f"rec_sizes.tsv: {rows} rows")
    ours = [INPUTS / "page_word.png", HERE / "rec_sizes.tsv", HERE / "rec_batch_sizes.tsv", Path(__file__)]
    ours += [CASES / (m["id"] + ext) for m in metas for ext in (".npy", ".json")]
    print(f"size of this generator's files: {sum(f.stat().st_size for f in ours) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
