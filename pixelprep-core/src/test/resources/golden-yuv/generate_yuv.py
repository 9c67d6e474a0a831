#!/usr/bin/python3
"""Generate the golden YUV -> RGB cases of pixelprep (see README.md here).

Run with Debian's python3 (python3-opencv 4.6, python3-numpy), with gcc, libyuv-dev
(0.0~git20230123.b2528b0, the same version as libyuv0) and ffmpeg installed:

    /usr/bin/python3 pixelprep-core/src/test/resources/golden-yuv/generate_yuv.py

It compiles yuv_peer.c (next to this file) into a temporary directory, rebuilds every file
under cases/, writes cases.txt and README.md, and prints the self-check summary. Everything
is deterministic: the junk bytes come from fixed seeds, the YUV content is made by libyuv's C
path or by OpenCV, and re-running gives byte-identical files on the same machine.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[4]
INPUTS = REPO / "pixelprep-io" / "src" / "test" / "resources" / "golden-recipes" / "inputs"
CASES_DIR = HERE / "cases"
INPUTS_REL = "pixelprep-io/src/test/resources/golden-recipes/inputs"

# ----------------------------------------------------------------------------------------------
# colour matrices
# ----------------------------------------------------------------------------------------------
KRKB = {"bt601": (0.299, 0.114), "bt709": (0.2126, 0.0722), "bt2020": (0.2627, 0.0593)}
MATRIX_RANGES = [(m, r) for m in ("bt601", "bt709", "bt2020") for r in ("video", "full")]
# libyuv YuvConstants per matrix/range, and the 8-bit coefficients this libyuv build uses,
# (YG, YB, UB, UG, VG, VR) from source/row_common.cc at b2528b0 (not LIBYUV_UNLIMITED_DATA).
LIBYUV_CONST = {("bt601", "video"): "I601", ("bt601", "full"): "JPEG",
                ("bt709", "video"): "H709", ("bt709", "full"): "F709",
                ("bt2020", "video"): "2020", ("bt2020", "full"): "V2020"}
LIBYUV_CONST_C_NAME = {"I601": "kYuvI601Constants", "JPEG": "kYuvJPEGConstants",
                       "H709": "kYuvH709Constants", "F709": "kYuvF709Constants",
                       "2020": "kYuv2020Constants", "V2020": "kYuvV2020Constants"}
LIBYUV_COEF = {"I601": (18997, -1160, 128, 25, 52, 102),
               "JPEG": (16320, 32, 113, 22, 46, 90),
               "H709": (18997, -1160, 128, 14, 34, 115),
               "F709": (16320, 32, 119, 12, 30, 101),
               "2020": (19003, -1160, 128, 12, 42, 107),
               "V2020": (16320, 32, 120, 11, 37, 94)}
ALL = "all"

# ----------------------------------------------------------------------------------------------
# the cases
#   layout keys: pad (row strides rounded up to 64 then +16, padding = junk), gaps (junk bytes
#   after each plane but the last), trim (the last plane's last row ends at its last used
#   byte, as Android's planes do), ps (YUV_420_888 pixel stride), order ("vu": NV21-like,
#   "uv": NV12-like), separate (pixel stride 2 but U and V in two separate buffers).
# ----------------------------------------------------------------------------------------------
CASES = [
    dict(id="i420_64x48_tight", fmt="I420", w=64, h=48, image="astronaut.png", xy=(0, 60),
         make="libyuv:I420", layout=dict(), mats=ALL, geometry=True),
    dict(id="i420_33x25_gap", fmt="I420", w=33, h=25, image="chelsea.png", xy=(200, 120),
         make="libyuv:I420", layout=dict(gaps=(37, 53)), mats=ALL),
    dict(id="i420_160x120_padded", fmt="I420", w=160, h=120, image="astronaut.png", xy=(150, 40),
         make="cv2:I420", layout=dict(pad=True), mats=[("bt601", "video"), ("bt709", "video")]),
    dict(id="i420_64x37_padded", fmt="I420", w=64, h=37, image="rocket_portrait.jpg", xy=(180, 250),
         make="libyuv:J420", layout=dict(pad=True), mats=ALL),
    dict(id="yv12_64x48_padded", fmt="YV12", w=64, h=48, image="chelsea.png", xy=(150, 80),
         make="cv2:YV12", layout=dict(pad=True), mats=ALL),
    dict(id="yv12_33x25_tight", fmt="YV12", w=33, h=25, image="astronaut.png", xy=(135, 350),
         make="libyuv:I420", layout=dict(), mats=ALL),
    dict(id="nv12_64x48_tight", fmt="NV12", w=64, h=48, image="rocket_portrait.jpg", xy=(200, 300),
         make="libyuv:NV12", layout=dict(), mats=ALL),
    dict(id="nv12_75x50_padded", fmt="NV12", w=75, h=50, image="astronaut.png", xy=(130, 345),
         make="libyuv:NV12", layout=dict(pad=True), mats=ALL),
    dict(id="nv21_320x240_tight", fmt="NV21", w=320, h=240, image="chelsea.png", xy=(65, 30),
         make="libyuv:NV21", layout=dict(), mats=[("bt601", "video")]),
    dict(id="nv21_64x37_padded", fmt="NV21", w=64, h=37, image="astronaut.png", xy=(300, 340),
         make="libyuv:NV21", layout=dict(pad=True), mats=ALL),
    dict(id="nv21_64x48_padded_j420", fmt="NV21", w=64, h=48, image="rocket_portrait.jpg", xy=(130, 260),
         make="libyuv:J420", layout=dict(pad=True), mats=ALL),
    dict(id="a888_64x48_ps2_vu_tight", fmt="YUV_420_888", w=64, h=48, image="astronaut.png", xy=(200, 120),
         make="libyuv:NV21", layout=dict(ps=2, order="vu"), mats=ALL),
    dict(id="a888_64x48_ps2_uv_padded", fmt="YUV_420_888", w=64, h=48, image="chelsea.png", xy=(300, 150),
         make="libyuv:J420", layout=dict(ps=2, order="uv", pad=True, trim=True), mats=ALL),
    dict(id="a888_161x121_ps2_vu_padded", fmt="YUV_420_888", w=161, h=121, image="astronaut.png",
         xy=(280, 330), make="libyuv:NV21", layout=dict(ps=2, order="vu", pad=True, trim=True),
         mats=[("bt601", "video")], geometry=True),
    dict(id="a888_75x50_ps1_padded_gap", fmt="YUV_420_888", w=75, h=50, image="rocket_portrait.jpg",
         xy=(150, 400), make="libyuv:I420", layout=dict(ps=1, pad=True, gaps=(29, 101), trim=True), mats=ALL),
    dict(id="a888_64x37_ps1_tight", fmt="YUV_420_888", w=64, h=37, image="chelsea.png", xy=(40, 230),
         make="libyuv:J420", layout=dict(ps=1), mats=ALL),
    dict(id="a888_33x25_ps2_separate", fmt="YUV_420_888", w=33, h=25, image="chelsea.png", xy=(250, 60),
         make="libyuv:I420", layout=dict(ps=2, separate=True, pad=True, gaps=(19, 23), trim=True), mats=ALL),
    dict(id="yuyv_64x48_tight", fmt="YUYV", w=64, h=48, image="astronaut.png", xy=(40, 250),
         make="libyuv:YUY2", layout=dict(), mats=ALL),
    dict(id="yuyv_75x50_padded", fmt="YUYV", w=75, h=50, image="rocket_portrait.jpg", xy=(170, 150),
         make="libyuv:YUY2", layout=dict(pad=True), mats=ALL),
    dict(id="uyvy_64x48_padded", fmt="UYVY", w=64, h=48, image="chelsea.png", xy=(100, 200),
         make="libyuv:UYVY", layout=dict(pad=True), mats=ALL),
    dict(id="uyvy_33x25_tight", fmt="UYVY", w=33, h=25, image="astronaut.png", xy=(20, 150),
         make="libyuv:UYVY", layout=dict(), mats=ALL),
]

PACKED = ("YUYV", "UYVY")


def rup64(n):
    return (n + 63) // 64 * 64


def stride_for(nbytes, pad):
    return rup64(nbytes) + 16 if pad else nbytes


def sha256_file(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ----------------------------------------------------------------------------------------------
# the C peer
# ----------------------------------------------------------------------------------------------
class Peer:
    def __init__(self, tmp):
        self.tmp = Path(tmp)
        self.exe = self.tmp / "yuv_peer"
        subprocess.run(["gcc", "-O2", "-Wall", "-o", str(self.exe), str(HERE / "yuv_peer.c"), "-lyuv"],
                       check=True)
        self.n = 0

    def info(self):
        return subprocess.run([str(self.exe), "info"], check=True, capture_output=True, text=True).stdout

    def make(self, kind, bgra):
        h, w = bgra.shape[:2]
        src = self.tmp / "make_in.bin"
        dst = self.tmp / "make_out.bin"
        src.write_bytes(np.ascontiguousarray(bgra).tobytes())
        subprocess.run([str(self.exe), "make", kind, str(w), str(h), str(src), str(dst)], check=True)
        return np.frombuffer(dst.read_bytes(), dtype=np.uint8)

    def conv(self, simd, call, const, pre, post, w, h, yuv_path, planes, ps):
        """planes: list of up to three (offset, row_stride). Returns (4-byte image, W, H)."""
        self.n += 1
        out = self.tmp / "conv_out.bin"
        p = list(planes) + [(0, 0)] * (3 - len(planes))
        args = [str(self.exe), "conv", str(int(simd)), call, const or "-", pre, post, str(w), str(h),
                str(yuv_path), str(out)]
        for off, rs in p:
            args += [str(off), str(rs)]
        args.append(str(ps))
        r = subprocess.run(args, check=True, capture_output=True, text=True)
        ow, oh = (int(t) for t in r.stdout.split())
        data = np.frombuffer(out.read_bytes(), dtype=np.uint8).reshape(oh, ow, 4)
        return data, ow, oh


# ----------------------------------------------------------------------------------------------
# samples and layouts
# ----------------------------------------------------------------------------------------------
def chroma_dims(fmt, w, h):
    cw = (w + 1) // 2
    ch = h if fmt in PACKED else (h + 1) // 2
    return cw, ch


def make_samples(case, peer):
    """Returns (Y, U, V) as uint8 arrays (Y: h x w, U/V: ch x cw) and a description."""
    w, h = case["w"], case["h"]
    x, y = case["xy"]
    bgr = cv2.imread(str(INPUTS / case["image"]), cv2.IMREAD_COLOR)
    assert bgr is not None and y + h <= bgr.shape[0] and x + w <= bgr.shape[1], case["id"]
    crop = np.ascontiguousarray(bgr[y:y + h, x:x + w])
    cw, ch = chroma_dims(case["fmt"], w, h)
    tool, kind = case["make"].split(":")
    if tool == "cv2":
        code = {"I420": cv2.COLOR_BGR2YUV_I420, "YV12": cv2.COLOR_BGR2YUV_YV12}[kind]
        flat = cv2.cvtColor(crop, code).reshape(-1)
        Y = flat[:w * h].reshape(h, w)
        c1 = flat[w * h:w * h + cw * ch].reshape(ch, cw)
        c2 = flat[w * h + cw * ch:].reshape(ch, cw)
        U, V = (c1, c2) if kind == "I420" else (c2, c1)
        how = "cv2.cvtColor(crop_bgr, COLOR_BGR2YUV_%s) (OpenCV %s)" % (kind, cv2.__version__)
    else:
        bgra = np.dstack([crop, np.full((h, w), 255, np.uint8)])
        flat = peer.make(kind, bgra)
        if kind in ("I420", "J420"):
            Y = flat[:w * h].reshape(h, w)
            U = flat[w * h:w * h + cw * ch].reshape(ch, cw)
            V = flat[w * h + cw * ch:].reshape(ch, cw)
        elif kind in ("NV12", "NV21"):
            Y = flat[:w * h].reshape(h, w)
            c = flat[w * h:].reshape(ch, cw, 2)
            U, V = (c[..., 0], c[..., 1]) if kind == "NV12" else (c[..., 1], c[..., 0])
        else:
            m = flat.reshape(h, cw, 4)
            if kind == "YUY2":
                y0, y1, U, V = m[..., 0], m[..., 2], m[..., 1], m[..., 3]
            else:
                y0, y1, U, V = m[..., 1], m[..., 3], m[..., 0], m[..., 2]
            Y = np.empty((h, 2 * cw), np.uint8)
            Y[:, 0::2] = y0
            Y[:, 1::2] = y1
            Y = Y[:, :w]
        how = ("libyuv ARGBTo%s (C path: MaskCpuFlags(1)) of the crop decoded by cv2.imread (BGR) and "
               "widened to libyuv ARGB (bytes B,G,R,A; A=255)" % kind)
        if case["fmt"] == "YV12" and kind == "I420":
            how += "; the U and V planes it wrote are stored in YV12 order (V first)"
        if kind == "J420":
            how += " (full-range BT.601 content)"
        L = case["layout"]
        interleaves = case["fmt"] in ("NV12", "NV21") or (L.get("ps") == 2 and not L.get("separate"))
        if kind in ("I420", "J420") and interleaves:
            how += "; its U and V planes interleaved into the chroma plane described below"
    return (np.ascontiguousarray(Y), np.ascontiguousarray(U), np.ascontiguousarray(V)), how


class Writer:
    """Lays planes into one junk-filled buffer."""

    def __init__(self, rng):
        self.rng = rng
        self.parts = []  # (offset, bytes-writer)
        self.size = 0

    def reserve(self, n):
        off = self.size
        self.size += n
        return off

    def build(self):
        buf = self.rng.randint(0, 256, size=self.size, dtype=np.uint16).astype(np.uint8)
        for fn in self.parts:
            fn(buf)
        return buf


def layout_case(case, samples, rng):
    """Returns (file bytes, json planes, libyuv plane arguments per call family)."""
    fmt, w, h, L = case["fmt"], case["w"], case["h"], case["layout"]
    Y, U, V = samples
    cw, ch = chroma_dims(fmt, w, h)
    pad, trim = L.get("pad", False), L.get("trim", False)
    gaps = list(L.get("gaps", ()))
    wr = Writer(rng)
    planes = []

    def extent(rows, rs, used, last):
        return rs * (rows - 1) + used if (trim and last) else rs * rows

    def gap():
        if gaps:
            wr.reserve(gaps.pop(0))

    def planar(name, arr, rs, last, ps=1):
        rows, cols = arr.shape
        used = ps * (cols - 1) + 1
        off = wr.reserve(extent(rows, rs, used, last))

        def put(buf, off=off, arr=arr, rs=rs, ps=ps):
            for r in range(rows):
                buf[off + r * rs: off + r * rs + ps * (cols - 1) + 1: ps] = arr[r]
        wr.parts.append(put)
        planes.append(dict(name=name, offset=off, row_stride=rs, pixel_stride=ps))
        if not last:
            gap()
        return off

    def interleaved(name, first, second, rs, last):
        rows, cols = first.shape
        off = wr.reserve(extent(rows, rs, 2 * cols, last))

        def put(buf, off=off, rs=rs):
            for r in range(rows):
                buf[off + r * rs: off + r * rs + 2 * cols: 2] = first[r]
                buf[off + r * rs + 1: off + r * rs + 2 * cols: 2] = second[r]
        wr.parts.append(put)
        return off

    ys = stride_for(w, pad)
    cs = stride_for(cw, pad)
    lib = {}
    if fmt in ("I420", "YV12") or (fmt == "YUV_420_888" and L.get("ps") == 1):
        oy = planar("Y", Y, ys, False)
        if fmt == "YV12":
            ov = planar("V", V, cs, False)
            ou = planar("U", U, cs, True)
        else:
            ou = planar("U", U, cs, False)
            ov = planar("V", V, cs, True)
        lib["I420"] = [(oy, ys), (ou, cs), (ov, cs)]
        lib["Android420"] = ([(oy, ys), (ou, cs), (ov, cs)], 1)
    elif fmt in ("NV12", "NV21") or (fmt == "YUV_420_888" and not L.get("separate")):
        oy = planar("Y", Y, ys, False)
        rs = stride_for(2 * cw, pad)
        vu = fmt == "NV21" or L.get("order") == "vu"
        first, second = (V, U) if vu else (U, V)
        oc = interleaved("VU" if vu else "UV", first, second, rs, True)
        if fmt == "YUV_420_888":
            ou, ov = (oc + 1, oc) if vu else (oc, oc + 1)
            planes.append(dict(name="U", offset=ou, row_stride=rs, pixel_stride=2))
            planes.append(dict(name="V", offset=ov, row_stride=rs, pixel_stride=2))
            lib["Android420"] = ([(oy, ys), (ou, rs), (ov, rs)], 2)
        else:
            planes.append(dict(name="VU" if vu else "UV", offset=oc, row_stride=rs, pixel_stride=2))
            lib["NV21" if vu else "NV12"] = [(oy, ys), (oc, rs)]
    elif fmt == "YUV_420_888" and L.get("separate"):
        oy = planar("Y", Y, ys, False)
        rs = stride_for(2 * cw, pad)
        ou = planar("U", U, rs, False, ps=2)
        ov = planar("V", V, rs, True, ps=2)
        lib["Android420"] = ([(oy, ys), (ou, rs), (ov, rs)], 2)
    elif fmt in PACKED:
        rs = stride_for(4 * cw, pad)
        rows = np.zeros((h, cw, 4), np.uint8)
        Yp = np.zeros((h, 2 * cw), np.uint8)
        Yp[:, :w] = Y
        if w % 2:
            # the second luma byte of the last macropixel is no pixel: junk (libyuv writes 0 there)
            Yp[:, w] = rng.randint(1, 256, size=h, dtype=np.uint16).astype(np.uint8)
        if fmt == "YUYV":
            rows[..., 0], rows[..., 1], rows[..., 2], rows[..., 3] = Yp[:, 0::2], U, Yp[:, 1::2], V
        else:
            rows[..., 0], rows[..., 1], rows[..., 2], rows[..., 3] = U, Yp[:, 0::2], V, Yp[:, 1::2]
        packed = rows.reshape(h, 4 * cw)
        off = planar(fmt, packed, rs, True)
        planes[-1]["pixel_stride"] = 2
        lib[fmt] = [(off, rs)]
    else:
        raise ValueError(case["id"])
    buf = wr.build()
    return buf, planes, lib


def tight_i420(samples):
    Y, U, V = samples
    return np.concatenate([Y.ravel(), U.ravel(), V.ravel()])


# ----------------------------------------------------------------------------------------------
# models (numpy re-implementations of the peers' integer formulas; checked against the peers)
# ----------------------------------------------------------------------------------------------
def upsample(fmt, samples):
    Y, U, V = samples
    h, w = Y.shape
    vsub = 1 if fmt in PACKED else 2
    yy = np.arange(h)[:, None] // vsub
    xx = np.arange(w)[None, :] // 2
    return Y, U[yy, xx], V[yy, xx]


def model_opencv(Y, Uf, Vf):
    y = np.maximum(Y.astype(np.int64) - 16, 0) * 1220542
    u = Uf.astype(np.int64) - 128
    v = Vf.astype(np.int64) - 128
    half = 1 << 19
    r = (y + half + 1673527 * v) >> 20
    g = (y + half - 852492 * v - 409993 * u) >> 20
    b = (y + half + 2116026 * u) >> 20
    return np.clip(np.stack([r, g, b], -1), 0, 255).astype(np.uint8)


def model_libyuv(Y, Uf, Vf, const):
    yg, yb, ub, ug, vg, vr = LIBYUV_COEF[const]
    y1 = ((Y.astype(np.int64) * 0x0101 * yg) >> 16) + yb
    u = Uf.astype(np.int64) - 128
    v = Vf.astype(np.int64) - 128
    b = (y1 + u * ub) >> 6
    g = (y1 - (u * ug + v * vg)) >> 6
    r = (y1 + v * vr) >> 6
    return np.clip(np.stack([r, g, b], -1), 0, 255).astype(np.uint8)


def exact_float(Y, Uf, Vf, matrix, rng):
    kr, kb = KRKB[matrix]
    kg = 1.0 - kr - kb
    Y = Y.astype(np.float64)
    U = Uf.astype(np.float64)
    V = Vf.astype(np.float64)
    if rng == "video":
        yn = (Y - 16.0) * 255.0 / 219.0
        cb = (U - 128.0) * 255.0 / 224.0
        cr = (V - 128.0) * 255.0 / 224.0
    else:
        yn = Y
        cb = U - 128.0
        cr = V - 128.0
    r = yn + 2.0 * (1.0 - kr) * cr
    b = yn + 2.0 * (1.0 - kb) * cb
    g = yn - (2.0 * kb * (1.0 - kb) / kg) * cb - (2.0 * kr * (1.0 - kr) / kg) * cr
    return np.stack([r, g, b], -1)


def exact_rgb(Y, Uf, Vf, matrix, rng):
    return np.clip(np.rint(exact_float(Y, Uf, Vf, matrix, rng)), 0, 255).astype(np.uint8)


def rot_cw(img, deg):
    return np.ascontiguousarray(np.rot90(img, k=-(deg // 90)))


def geom_planes(samples, op):
    Y, U, V = samples
    if op == "mirror":
        f = lambda a: np.ascontiguousarray(a[:, ::-1])
    else:
        deg = int(op[3:])
        f = lambda a: rot_cw(a, deg)
    return f(Y), f(U), f(V)


# ----------------------------------------------------------------------------------------------
# generation
# ----------------------------------------------------------------------------------------------
OPENCV_CODE = {"I420": "I420", "YV12": "YV12", "NV12": "NV12", "NV21": "NV21", "YUYV": "YUY2", "UYVY": "UYVY"}


def opencv_input(case, samples):
    """(code name, tight array) or None where OpenCV refuses the size."""
    fmt, w, h, L = case["fmt"], case["w"], case["h"], case["layout"]
    Y, U, V = samples
    if fmt in PACKED:
        if w % 2:
            return None
        cw = w // 2
        m = np.zeros((h, cw, 4), np.uint8)
        if fmt == "YUYV":
            m[..., 0], m[..., 1], m[..., 2], m[..., 3] = Y[:, 0::2], U, Y[:, 1::2], V
        else:
            m[..., 0], m[..., 1], m[..., 2], m[..., 3] = U, Y[:, 0::2], V, Y[:, 1::2]
        return OPENCV_CODE[fmt], m.reshape(h, w, 2)
    if w % 2 or h % 2:
        return None
    if fmt == "YUV_420_888":
        code = "I420" if (L.get("ps") == 1 or L.get("separate")) else ("NV21" if L.get("order") == "vu" else "NV12")
    else:
        code = OPENCV_CODE[fmt]
    if code == "I420":
        flat = np.concatenate([Y.ravel(), U.ravel(), V.ravel()])
    elif code == "YV12":
        flat = np.concatenate([Y.ravel(), V.ravel(), U.ravel()])
    else:
        first, second = (U, V) if code == "NV12" else (V, U)
        c = np.stack([first, second], -1)
        flat = np.concatenate([Y.ravel(), c.ravel()])
    return code, flat.reshape(h * 3 // 2, w)


def libyuv_calls(case, lib):
    """List of (family, call, const, matrix, range) to run for a case."""
    fmt, L = case["fmt"], case["layout"]
    out = []
    if fmt in PACKED:
        call = "YUY2ToARGB" if fmt == "YUYV" else "UYVYToARGB"
        return [(fmt, call, None, "bt601", "video")]
    if fmt in ("I420", "YV12"):
        fam = "I420"
        named = {("bt601", "video"): ["I420ToARGB", "I420ToABGR"], ("bt601", "full"): ["J420ToARGB"],
                 ("bt709", "video"): ["H420ToARGB"]}
        matrix_call = "I420ToARGBMatrix"
    elif fmt in ("NV12", "NV21"):
        fam = fmt
        named = {("bt601", "video"): [fmt + "ToARGB", fmt + "ToABGR"]}
        matrix_call = fmt + "ToARGBMatrix"
    else:
        fam = "Android420"
        named = {("bt601", "video"): ["Android420ToARGB", "Android420ToABGR"]}
        matrix_call = "Android420ToARGBMatrix"
    for m, r in MATRIX_RANGES:
        for c in named.get((m, r), []):
            out.append((fam, c, None, m, r))
        if (m, r) not in named or fam != "I420":
            out.append((fam, matrix_call, LIBYUV_CONST[(m, r)], m, r))
    # I420 family: F709 / 2020 / V2020 have no named wrapper; the others are named calls
    return out


def to_rgb(four, call):
    if "ABGR" in call:
        return np.ascontiguousarray(four[..., :3])
    return np.ascontiguousarray(four[..., [2, 1, 0]])


def call_label(call, const):
    if const:
        return "libyuv %s(%s)" % (call, LIBYUV_CONST_C_NAME[const])
    return "libyuv " + call


def main():
    if CASES_DIR.exists():
        shutil.rmtree(CASES_DIR)
    CASES_DIR.mkdir(parents=True)
    report = dict(model_checks=dict(opencv=[0, 0], libyuv=[0, 0], libyuv_geometry=[0, 0]),
                  simd_vs_c=[0, 0], simd_diffs=[], exact_near_ties=0, exact_values=0,
                  rot_direction=None, geometry_yuv_vs_rgb=[], abgr_vs_argb=[0, 0],
                  ffmpeg=[], per_case=[])
    keep = {}  # in-memory outputs for the ffmpeg study
    metas = []
    with tempfile.TemporaryDirectory(prefix="golden-yuv-") as tmp:
        peer = Peer(tmp)
        info = peer.info()
        for case in CASES:
            cid, fmt, w, h = case["id"], case["fmt"], case["w"], case["h"]
            rng = np.random.RandomState(zlib.crc32(cid.encode()) & 0x7FFFFFFF)
            samples, how = make_samples(case, peer)
            buf, planes, lib = layout_case(case, samples, rng)
            yuv_path = CASES_DIR / (cid + ".yuv")
            yuv_path.write_bytes(buf.tobytes())
            keep[(cid, "samples")] = samples
            Yf, Uf, Vf = upsample(fmt, samples)
            mats = MATRIX_RANGES if case["mats"] == ALL else case["mats"]
            expected = []
            files = {}  # file name -> sha

            def save(name, rgb):
                path = CASES_DIR / name
                if name in files:
                    assert np.array_equal(np.load(path), rgb), name
                    return files[name]
                assert rgb.dtype == np.uint8 and rgb.ndim == 3 and rgb.shape[2] == 3
                np.save(path, np.ascontiguousarray(rgb), allow_pickle=False)
                files[name] = sha256_file(path)
                return files[name]

            # 1. OpenCV
            ocv = opencv_input(case, samples)
            if ocv is not None:
                code, arr = ocv
                rgb = cv2.cvtColor(np.ascontiguousarray(arr), getattr(cv2, "COLOR_YUV2RGB_" + code))
                ok = np.array_equal(rgb, model_opencv(Yf, Uf, Vf))
                report["model_checks"]["opencv"][0 if ok else 1] += 1
                name = "%s.opencv-YUV2RGB_%s.npy" % (cid, code)
                tight_desc = {"I420": "I420 (Y, U, V planes, h*3/2 x w)", "YV12": "YV12 (Y, V, U, h*3/2 x w)",
                              "NV12": "NV12 (Y, UV, h*3/2 x w)", "NV21": "NV21 (Y, VU, h*3/2 x w)",
                              "YUY2": "YUYV (h x w x 2)", "UYVY": "UYVY (h x w x 2)"}[code]
                expected.append(dict(
                    peer="opencv", call="cv2.cvtColor(COLOR_YUV2RGB_%s)" % code, matrix="bt601", range="video",
                    chroma="nearest", rotation=0, mirror=False, file=name, sha256=save(name, rgb),
                    input="a tight %s copy of this case's samples (strides do not change the result)" % tight_desc))
                keep[(cid, "opencv")] = rgb

            # 2. libyuv
            lib_files = {}  # key (matrix, range, geometry) -> {content sha: file name}

            def lib_save(key, bases, rgb):
                """One file per distinct content under a key; the first unused base names it."""
                d = lib_files.setdefault(key, {})
                digest = hashlib.sha256(rgb.tobytes()).hexdigest()
                if digest not in d:
                    name = next(b + ".npy" for b in bases if b + ".npy" not in files)
                    save(name, rgb)
                    d[digest] = name
                return d[digest]

            calls = libyuv_calls(case, lib)
            for fam, call, const, m, r in calls:
                run_const = const or LIBYUV_CONST[(m, r)]
                planes_arg = lib[fam][0] if fam == "Android420" else lib[fam]
                ps = lib[fam][1] if fam == "Android420" else 0
                outs = {}
                for simd in (1, 0):
                    four, ow, oh = peer.conv(simd, call, const, "none", "none", w, h, yuv_path, planes_arg, ps)
                    alpha = four[..., 3]
                    assert np.all(alpha == 255), (cid, call)
                    outs[simd] = to_rgb(four, call)
                same = np.array_equal(outs[0], outs[1])
                report["simd_vs_c"][0 if same else 1] += 1
                if not same:
                    d = np.abs(outs[0].astype(int) - outs[1].astype(int))
                    report["simd_diffs"].append((cid, call, const, int(d.max()), int((d.max(-1) > 0).sum())))
                model = model_libyuv(Yf, Uf, Vf, run_const)
                for simd in (1, 0):
                    ok = np.array_equal(outs[simd], model)
                    report["model_checks"]["libyuv"][0 if ok else 1] += 1
                keep.setdefault((cid, "libyuv", m, r), outs[1])
                if (m, r) not in mats:
                    continue
                base = "%s.libyuv-%s-%s" % (cid, m, r)
                variants = [("simd", outs[1])] if same else [("simd", outs[1]), ("c", outs[0])]
                for label, rgb in variants:
                    b = base if same else base + "-" + label
                    name = lib_save((m, r, label), [b, b + "-" + call], rgb)
                    e = dict(peer="libyuv", call=call_label(call, const), matrix=m, range=r, chroma="nearest",
                             rotation=0, mirror=False, file=name, sha256=files[name], simd_equals_c=same,
                             input="this case's buffer at the offsets and strides above")
                    if not same:
                        e["code_path"] = ("SIMD as libyuv picks it (MaskCpuFlags(-1))" if label == "simd"
                                          else "C only (MaskCpuFlags(1))")
                    if fam == "Android420":
                        e["pixel_stride_uv"] = ps
                    if fmt == "YV12":
                        e["note"] = "libyuv has no YV12 call: src_u / src_v point at this case's U / V planes"
                    expected.append(e)
                if "ABGR" in call:
                    argb = keep.get((cid, "libyuv", m, r))
                    report["abgr_vs_argb"][0 if np.array_equal(argb, outs[1]) else 1] += 1

            # geometry
            if case.get("geometry"):
                fam = "Android420" if fmt == "YUV_420_888" else "I420"
                planes_arg = lib[fam][0] if fam == "Android420" else lib[fam]
                ps = lib[fam][1] if fam == "Android420" else 0
                conv_call = "Android420ToARGB" if fam == "Android420" else "I420ToARGB"
                base_rgb = keep[(cid, "libyuv", "bt601", "video")]
                for op in ("rot90", "rot180", "rot270", "mirror"):
                    deg = 0 if op == "mirror" else int(op[3:])
                    mir = op == "mirror"
                    # (a) RGB side: convert, then ARGBRotate / ARGBMirror
                    # (b) YUV side: I420Rotate / Android420ToI420Rotate / I420Mirror, then convert
                    results = {}
                    for side, pre, post in (("rgb", "none", op), ("yuv", op, "none")):
                        outs = {}
                        for simd in (1, 0):
                            four, ow, oh = peer.conv(simd, conv_call, "I601", pre, post, w, h, yuv_path,
                                                     planes_arg, ps)
                            outs[simd] = to_rgb(four, conv_call)
                        same = np.array_equal(outs[0], outs[1])
                        report["simd_vs_c"][0 if same else 1] += 1
                        if side == "rgb":
                            model = base_rgb[:, ::-1] if mir else rot_cw(base_rgb, deg)
                        else:
                            gs = geom_planes(samples, op)
                            model = model_libyuv(*upsample("I420", gs), "I601")
                        for simd in (1, 0):
                            ok = np.array_equal(outs[simd], model)
                            report["model_checks"]["libyuv_geometry"][0 if ok else 1] += 1
                        results[side] = (outs, same)
                    if op == "rot90":
                        cw_ok = np.array_equal(results["rgb"][0][1], rot_cw(base_rgb, 90))
                        ccw_ok = np.array_equal(results["rgb"][0][1], np.rot90(base_rgb, 1))
                        report["rot_direction"] = (cw_ok, ccw_ok)
                    equal_sides = np.array_equal(results["rgb"][0][1], results["yuv"][0][1])
                    d = np.abs(results["rgb"][0][1].astype(int) - results["yuv"][0][1].astype(int))
                    report["geometry_yuv_vs_rgb"].append((cid, op, equal_sides, int(d.max()),
                                                          int((d.max(-1) > 0).sum())))
                    for side in ("rgb", "yuv"):
                        outs, same = results[side]
                        if side == "rgb":
                            label = ("libyuv %s + ARGBMirror" % conv_call) if mir else \
                                ("libyuv %s + ARGBRotate(kRotate%d)" % (conv_call, deg))
                            tag = "argbmirror" if mir else "argbrotate%d" % deg
                            chroma = "nearest, chroma upsampled before the rotation/mirror (RGB-side geometry)"
                        else:
                            if fam == "Android420":
                                label = ("libyuv Android420ToI420Rotate(kRotate0) + I420Mirror + "
                                         "I420ToARGBMatrix(kYuvI601Constants)") if mir else \
                                    ("libyuv Android420ToI420Rotate(kRotate%d) + I420ToARGBMatrix(kYuvI601Constants)"
                                     % deg)
                            else:
                                label = "libyuv I420Mirror + I420ToARGBMatrix(kYuvI601Constants)" if mir else \
                                    "libyuv I420Rotate(kRotate%d) + I420ToARGBMatrix(kYuvI601Constants)" % deg
                            tag = "i420mirror" if mir else "i420rotate%d" % deg
                            chroma = ("nearest, applied after rotating/mirroring the Y, U and V planes "
                                      "(YUV-side geometry; differs from RGB-side geometry when a "
                                      "rotated/mirrored dimension is odd)")
                        variants = [("simd", outs[1])] if same else [("simd", outs[1]), ("c", outs[0])]
                        for vlabel, rgb in variants:
                            b = "%s.libyuv-bt601-video-%s" % (cid, tag)
                            if not same:
                                b += "-" + vlabel
                            # the two sides share one file when their pixels are identical
                            name = lib_save(("geometry", op, vlabel), [b, b + "-2"], rgb)
                            e = dict(peer="libyuv", call=label, matrix="bt601", range="video", chroma=chroma,
                                     rotation=deg, mirror=mir, file=name, sha256=files[name],
                                     simd_equals_c=same, input="this case's buffer at the offsets and strides above")
                            if fam == "Android420":
                                e["pixel_stride_uv"] = ps
                            if not same:
                                e["code_path"] = ("SIMD as libyuv picks it (MaskCpuFlags(-1))" if vlabel == "simd"
                                                  else "C only (MaskCpuFlags(1))")
                            expected.append(e)

            # 3. exact
            for m, r in MATRIX_RANGES:
                fl = exact_float(Yf, Uf, Vf, m, r)
                frac = np.abs(fl - np.floor(fl) - 0.5)
                inside = (fl > -0.5) & (fl < 255.5)
                report["exact_near_ties"] += int(((frac < 1e-6) & inside).sum())
                report["exact_values"] += int(fl.size)
                rgb = exact_rgb(Yf, Uf, Vf, m, r)
                keep[(cid, "exact", m, r)] = rgb
                if (m, r) not in mats:
                    continue
                name = "%s.exact-%s-%s.npy" % (cid, m, r)
                expected.append(dict(peer="exact", call="numpy float64 reference (README: exact reference)",
                                     matrix=m, range=r, chroma="nearest", rotation=0, mirror=False, file=name,
                                     sha256=save(name, rgb)))

            cw, ch = chroma_dims(fmt, w, h)
            meta = dict(
                id=cid, format=fmt, width=w, height=h, chroma_width=cw, chroma_height=ch,
                planes=planes, file=cid + ".yuv", file_size=int(buf.size), sha256=sha256_file(yuv_path),
                source=dict(image=INPUTS_REL + "/" + case["image"],
                            crop=dict(x=case["xy"][0], y=case["xy"][1], w=w, h=h),
                            made_by=how),
                layout=layout_note(case),
                expected=expected)
            metas.append(meta)
            report["per_case"].append(dict(id=cid, fmt=fmt, w=w, h=h, layout=layout_note(case),
                                           peers=sorted({(e["peer"]) for e in expected}),
                                           n_expected=len(expected), n_files=len(files),
                                           opencv=ocv is not None, geometry=bool(case.get("geometry"))))
            print("%-28s %-12s %3dx%-3d expected=%2d files=%2d" % (cid, fmt, w, h, len(expected), len(files)))

        (HERE / "cases.txt").write_text("".join(c["id"] + "\n" for c in CASES))
        report["ffmpeg"] = ffmpeg_study(keep)
        corroborate(metas, report["ffmpeg"])
        for meta in metas:
            (CASES_DIR / (meta["id"] + ".json")).write_text(json.dumps(meta, indent=2) + "\n")
        report["ffmpeg_exhaustive"] = ffmpeg_exhaustive()
        report["accuracy"] = accuracy_table(keep)
        report["exhaustive"] = exhaustive_check(peer, tmp)
        report["exhaustive_vs_exact"] = exhaustive_vs_exact()
        report["peer_calls"] = peer.n
    report["verify_from_files"] = verify_from_files()
    write_readme(report, info)
    print_summary(report)


def layout_note(case):
    L = case["layout"]
    bits = []
    if case["fmt"] == "YUV_420_888":
        if L.get("separate"):
            bits.append("pixel stride 2, U and V in two separate buffers (junk between samples): "
                        "libyuv's general Android420 path")
        elif L.get("ps") == 2:
            bits.append("pixel stride 2, %s" % ("NV21-like: V plane at VU[0], U plane at VU[1]"
                                                if L.get("order") == "vu" else
                                                "NV12-like: U plane at UV[0], V plane at UV[1]"))
        else:
            bits.append("pixel stride 1 (I420-like: separate U and V planes)")
    bits.append("padded row strides (width rounded up to 64, +16; padding bytes are junk)" if L.get("pad")
                else "tight row strides")
    if L.get("gaps"):
        bits.append("junk gaps of %s bytes between the planes" % " and ".join(str(g) for g in L["gaps"]))
    if L.get("trim"):
        bits.append("the last plane's last row ends at its last sample byte (no trailing padding, as in Android)")
    if case["fmt"] in PACKED and case["w"] % 2:
        bits.append("odd width: the unused second luma byte of each row's last macropixel is junk")
    return "; ".join(bits)


# ----------------------------------------------------------------------------------------------
# consumer-side check: re-read every case from its JSON and .yuv only
# ----------------------------------------------------------------------------------------------
def read_case_samples(meta, buf):
    """The samples as a consumer would read them, from the JSON plane descriptions alone."""
    fmt, w, h = meta["format"], meta["width"], meta["height"]
    cw, ch = meta["chroma_width"], meta["chroma_height"]
    P = {p["name"]: p for p in meta["planes"]}

    def grab(p, rows, cols, extra=0):
        o, rs, ps = p["offset"] + extra, p["row_stride"], p["pixel_stride"]
        idx = o + np.arange(rows)[:, None] * rs + np.arange(cols)[None, :] * ps
        assert idx.max() < buf.size, meta["id"]
        return buf[idx]

    if fmt in PACKED:
        p = P[fmt]
        yo, uo, vo = (0, 1, 3) if fmt == "YUYV" else (1, 0, 2)
        Y = grab(dict(p, pixel_stride=2), h, w, yo)
        U = grab(dict(p, pixel_stride=4), h, cw, uo)
        V = grab(dict(p, pixel_stride=4), h, cw, vo)
        return Y, U, V
    Y = grab(P["Y"], h, w)
    if fmt == "NV12":
        U, V = grab(P["UV"], ch, cw), grab(P["UV"], ch, cw, 1)
    elif fmt == "NV21":
        V, U = grab(P["VU"], ch, cw), grab(P["VU"], ch, cw, 1)
    else:
        U, V = grab(P["U"], ch, cw), grab(P["V"], ch, cw)
    return Y, U, V


def verify_from_files():
    ok = bad = 0
    for cid in (HERE / "cases.txt").read_text().split():
        meta = json.loads((CASES_DIR / (cid + ".json")).read_text())
        buf = np.fromfile(CASES_DIR / meta["file"], np.uint8)
        assert buf.size == meta["file_size"] and sha256_file(CASES_DIR / meta["file"]) == meta["sha256"]
        samples = read_case_samples(meta, buf)
        Yf, Uf, Vf = upsample(meta["format"], samples)
        for e in meta["expected"]:
            got = np.load(CASES_DIR / e["file"])
            assert sha256_file(CASES_DIR / e["file"]) == e["sha256"]
            if e["peer"] == "exact":
                want = exact_rgb(Yf, Uf, Vf, e["matrix"], e["range"])
            elif e["peer"] == "opencv":
                want = model_opencv(Yf, Uf, Vf)
            else:
                const = LIBYUV_CONST[(e["matrix"], e["range"])]
                op = "mirror" if e["mirror"] else ("rot%d" % e["rotation"] if e["rotation"] else None)
                yuv_side = "I420Rotate" in e["call"] or "I420Mirror" in e["call"]
                if op and yuv_side:
                    want = model_libyuv(*upsample("I420", geom_planes(samples, op)), const)
                else:
                    want = model_libyuv(Yf, Uf, Vf, const)
                    if op == "mirror":
                        want = np.ascontiguousarray(want[:, ::-1])
                    elif op:
                        want = rot_cw(want, e["rotation"])
            if np.array_equal(got, want):
                ok += 1
            else:
                bad += 1
                print("verify_from_files MISMATCH", cid, e["call"], e["file"])
    print("verify_from_files: %d ok, %d mismatches" % (ok, bad))
    return ok, bad


# ----------------------------------------------------------------------------------------------
# ffmpeg (swscale) study: not golden data, only the README table
# ----------------------------------------------------------------------------------------------
FFMPEG_VERSION = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout.split()[2]
FF_FLAGS = ["accurate_rnd+full_chroma_int+bitexact",
            "neighbor+accurate_rnd+full_chroma_int+bitexact",
            "accurate_rnd+bitexact",
            "bicubic"]
FF_MATRIX = {"bt601": "bt601", "bt709": "bt709", "bt2020": "bt2020"}
FF_RANGE = {"video": "tv", "full": "pc"}


def ffmpeg_rgb(samples, w, h, matrix, rng, flags):
    vf = "scale=in_color_matrix=%s:in_range=%s:flags=%s,format=rgb24" % (FF_MATRIX[matrix], FF_RANGE[rng], flags)
    cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p",
           "-s", "%dx%d" % (w, h), "-i", "pipe:0", "-vf", vf, "-threads", "1", "-filter_threads", "1",
           "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]
    fd, path = tempfile.mkstemp(suffix=".yuv")
    os.close(fd)
    try:
        Path(path).write_bytes(tight_i420(samples).tobytes())
        cmd[cmd.index("pipe:0")] = path
        out = subprocess.run(cmd, check=True, capture_output=True).stdout
    finally:
        os.unlink(path)
    return np.frombuffer(out, np.uint8).reshape(h, w, 3)


def ffmpeg_study(keep):
    """ffmpeg vs exact / libyuv / OpenCV on every 4:2:0 case, split into even and odd sizes."""
    rows = []
    cases420 = [c for c in CASES if c["fmt"] not in PACKED]
    for flags in FF_FLAGS:
        for m, r in MATRIX_RANGES:
            for parity in ("even", "odd"):
                acc = dict(flags=flags, matrix=m, range=r, sizes=parity, n_px=0, cases=0,
                           exact_max=0, exact_px=0, exact_identical=0, lib_max=0, lib_px=0, lib_identical=0,
                           ocv_max=None, ocv_px=0, ocv_n=0, ocv_identical=0, exact_identical_ids=[])
                for c in cases420:
                    if (c["w"] % 2 == 0 and c["h"] % 2 == 0) != (parity == "even"):
                        continue
                    samples = keep[(c["id"], "samples")]
                    ff = ffmpeg_rgb(samples, c["w"], c["h"], m, r, flags).astype(int)
                    de = np.abs(ff - keep[(c["id"], "exact", m, r)].astype(int))
                    dl = np.abs(ff - keep[(c["id"], "libyuv", m, r)].astype(int))
                    acc["cases"] += 1
                    acc["n_px"] += ff.shape[0] * ff.shape[1]
                    acc["exact_max"] = max(acc["exact_max"], int(de.max()))
                    acc["exact_px"] += int((de.max(-1) > 0).sum())
                    acc["exact_identical"] += int(de.max() == 0)
                    if de.max() == 0:
                        acc["exact_identical_ids"].append(c["id"])
                    acc["lib_max"] = max(acc["lib_max"], int(dl.max()))
                    acc["lib_px"] += int((dl.max(-1) > 0).sum())
                    acc["lib_identical"] += int(dl.max() == 0)
                    if (m, r) == ("bt601", "video") and (c["id"], "opencv") in keep:
                        do = np.abs(ff - keep[(c["id"], "opencv")].astype(int))
                        acc["ocv_max"] = max(acc["ocv_max"] or 0, int(do.max()))
                        acc["ocv_px"] += int((do.max(-1) > 0).sum())
                        acc["ocv_n"] += ff.shape[0] * ff.shape[1]
                        acc["ocv_identical"] += int(do.max() == 0)
                rows.append(acc)
                print("ffmpeg %-48s %-6s %-5s %-4s exact max %2d (%6.2f%%)  libyuv max %2d (%6.2f%%)" % (
                    flags, m, r, parity, acc["exact_max"], 100.0 * acc["exact_px"] / acc["n_px"],
                    acc["lib_max"], 100.0 * acc["lib_px"] / acc["n_px"]))
    return rows


def ffmpeg_command(w, h, matrix, rng, flags):
    return ("ffmpeg -f rawvideo -pix_fmt yuv420p -s %dx%d -i <tight yuv420p> -vf "
            "scale=in_color_matrix=%s:in_range=%s:flags=%s,format=rgb24 -f rawvideo -pix_fmt rgb24 -"
            % (w, h, FF_MATRIX[matrix], FF_RANGE[rng], flags))


def corroborate(metas, rows):
    """Marks exact entries that ffmpeg reproduced bit for bit on that case (no new expected values)."""
    by_id = {m["id"]: m for m in metas}
    for row in rows:
        for cid in row["exact_identical_ids"]:
            meta = by_id[cid]
            for e in meta["expected"]:
                if e["peer"] == "exact" and e["matrix"] == row["matrix"] and e["range"] == row["range"]:
                    e.setdefault("bit_identical_to", []).append(
                        "ffmpeg %s swscale: %s" % (FFMPEG_VERSION, ffmpeg_command(meta["width"], meta["height"],
                                                                                 row["matrix"], row["range"],
                                                                                 row["flags"])))


def ffmpeg_exhaustive():
    """ffmpeg (neighbor flags) against the exact reference on every (Y, U, V) triple."""
    nb = np.arange(2048 * 2048, dtype=np.int64)
    uv = nb // 64
    U = (uv // 256).astype(np.uint8).reshape(2048, 2048)
    V = (uv % 256).astype(np.uint8).reshape(2048, 2048)
    base = ((nb % 64) * 4).reshape(2048, 2048)
    Y = np.empty((4096, 4096), np.uint8)
    Y[0::2, 0::2] = base
    Y[0::2, 1::2] = base + 1
    Y[1::2, 0::2] = base + 2
    Y[1::2, 1::2] = base + 3
    Yf, Uf, Vf = upsample("I420", (Y, U, V))
    flags = FF_FLAGS[1]
    out = []
    for m, r in MATRIX_RANGES:
        ff = ffmpeg_rgb((Y, U, V), 4096, 4096, m, r, flags).astype(np.int16)
        fl = exact_float(Yf, Uf, Vf, m, r)
        ex = np.clip(np.rint(fl), 0, 255).astype(np.int16)
        d = np.abs(ff - ex)
        dm = d.max(-1)
        big = dm > 1
        row = dict(flags=flags, matrix=m, range=r, max=int(dm.max()), share=float((dm > 0).mean()),
                   per_channel=[int(d[..., i].max()) for i in range(3)], n_gt1=int(big.sum()))
        if big.any():
            row["gt1_Y"] = [int(Yf[big].min()), int(Yf[big].max())]
            row["gt1_U"] = [int(Uf[big].min()), int(Uf[big].max())]
            row["gt1_V"] = [int(Vf[big].min()), int(Vf[big].max())]
        out.append(row)
        print("ffmpeg exhaustive", row)
    return out


def accuracy_table(keep):
    """libyuv and OpenCV against the exact reference over the photo cases (all stored or not)."""
    rows = []
    for m, r in MATRIX_RANGES:
        for peer in ("libyuv", "opencv"):
            if peer == "opencv" and (m, r) != ("bt601", "video"):
                continue
            n = dpx = 0
            dmax = 0
            hist = np.zeros(256, np.int64)
            for c in CASES:
                k = (c["id"], peer) if peer == "opencv" else (c["id"], peer, m, r)
                if k not in keep:
                    continue
                d = np.abs(keep[k].astype(int) - keep[(c["id"], "exact", m, r)].astype(int))
                n += d.shape[0] * d.shape[1]
                dpx += int((d.max(-1) > 0).sum())
                dmax = max(dmax, int(d.max()))
                hist += np.bincount(d.ravel(), minlength=256)
            rows.append(dict(peer=peer, matrix=m, range=r, n_px=n, diff_px=dpx, max=dmax,
                             ch_le1=float(hist[:2].sum() / hist.sum())))
    return rows


# ----------------------------------------------------------------------------------------------
# exhaustive self-check: every (Y, U, V) triple through each peer and each model
# ----------------------------------------------------------------------------------------------
def exhaustive_check(peer, tmp):
    """4:2:0: a 4096x4096 frame whose 2x2 blocks carry all 65536 (U, V) pairs, each with all 256 Y
    values spread over 64 blocks; 4:2:2: a 4096x2048 frame, 128 macropixels per (U, V) pair."""
    tmp = Path(tmp)
    res = []
    nb = np.arange(2048 * 2048, dtype=np.int64)
    uv = nb // 64
    U = (uv // 256).astype(np.uint8).reshape(2048, 2048)
    V = (uv % 256).astype(np.uint8).reshape(2048, 2048)
    base = ((nb % 64) * 4).reshape(2048, 2048)
    Y = np.empty((4096, 4096), np.uint8)
    Y[0::2, 0::2] = base
    Y[0::2, 1::2] = base + 1
    Y[1::2, 0::2] = base + 2
    Y[1::2, 1::2] = base + 3
    Yf, Uf, Vf = upsample("I420", (Y, U, V))
    path = tmp / "exhaustive420.yuv"
    i420 = np.concatenate([Y.ravel(), U.ravel(), V.ravel()])
    nv12 = np.concatenate([Y.ravel(), np.stack([U, V], -1).ravel()])
    nv21 = np.concatenate([Y.ravel(), np.stack([V, U], -1).ravel()])
    yv12 = np.concatenate([Y.ravel(), V.ravel(), U.ravel()])
    models = {}

    def lib_model(const):
        if const not in models:
            models[const] = model_libyuv(Yf, Uf, Vf, const)
        return models[const]

    ocv_model = model_opencv(Yf, Uf, Vf)
    for code, flat in (("I420", i420), ("YV12", yv12), ("NV12", nv12), ("NV21", nv21)):
        got = cv2.cvtColor(flat.reshape(4096 * 3 // 2, 4096), getattr(cv2, "COLOR_YUV2RGB_" + code))
        res.append(("opencv", "COLOR_YUV2RGB_" + code, "-", bool(np.array_equal(got, ocv_model))))
    ysz, csz = 4096 * 4096, 2048 * 2048
    jobs = [("I420ToARGB", None, i420, [(0, 4096), (ysz, 2048), (ysz + csz, 2048)], 0, "I601"),
            ("I420ToABGR", None, i420, [(0, 4096), (ysz, 2048), (ysz + csz, 2048)], 0, "I601"),
            ("J420ToARGB", None, i420, [(0, 4096), (ysz, 2048), (ysz + csz, 2048)], 0, "JPEG"),
            ("H420ToARGB", None, i420, [(0, 4096), (ysz, 2048), (ysz + csz, 2048)], 0, "H709"),
            ("NV12ToARGB", None, nv12, [(0, 4096), (ysz, 4096)], 0, "I601"),
            ("NV12ToABGR", None, nv12, [(0, 4096), (ysz, 4096)], 0, "I601"),
            ("NV21ToARGB", None, nv21, [(0, 4096), (ysz, 4096)], 0, "I601"),
            ("NV21ToABGR", None, nv21, [(0, 4096), (ysz, 4096)], 0, "I601"),
            ("Android420ToARGB", None, nv21, [(0, 4096), (ysz + 1, 4096), (ysz, 4096)], 2, "I601"),
            ("Android420ToABGR", None, nv21, [(0, 4096), (ysz + 1, 4096), (ysz, 4096)], 2, "I601"),
            ("Android420ToARGB", None, i420, [(0, 4096), (ysz, 2048), (ysz + csz, 2048)], 1, "I601")]
    for const in ("I601", "JPEG", "H709", "F709", "2020", "V2020"):
        jobs.append(("I420ToARGBMatrix", const, i420, [(0, 4096), (ysz, 2048), (ysz + csz, 2048)], 0, const))
        jobs.append(("NV12ToARGBMatrix", const, nv12, [(0, 4096), (ysz, 4096)], 0, const))
        jobs.append(("NV21ToARGBMatrix", const, nv21, [(0, 4096), (ysz, 4096)], 0, const))
    last = None
    for call, const, flat, planes, ps, mconst in jobs:
        if last is not flat:
            path.write_bytes(flat.tobytes())
            last = flat
        ok = True
        for simd in (1, 0):
            four, _, _ = peer.conv(simd, call, const, "none", "none", 4096, 4096, path, planes, ps)
            ok &= bool(np.array_equal(to_rgb(four, call), lib_model(mconst)))
        res.append(("libyuv", call + ("(Android ps=%d)" % ps if ps else ""), const or mconst, ok))
    del models
    # 4:2:2 packed
    nm = np.arange(2048 * 2048, dtype=np.int64)
    uv = nm // 128
    U = (uv // 256).astype(np.uint8).reshape(2048, 2048)
    V = (uv % 256).astype(np.uint8).reshape(2048, 2048)
    base = ((nm % 128) * 2).reshape(2048, 2048)
    Y = np.empty((2048, 4096), np.uint8)
    Y[:, 0::2] = base
    Y[:, 1::2] = base + 1
    Yf, Uf, Vf = upsample("YUYV", (Y, U, V))
    ocv_model = model_opencv(Yf, Uf, Vf)
    lib601 = model_libyuv(Yf, Uf, Vf, "I601")
    for fmt, code, call in (("YUYV", "YUY2", "YUY2ToARGB"), ("UYVY", "UYVY", "UYVYToARGB")):
        m = np.zeros((2048, 2048, 4), np.uint8)
        if fmt == "YUYV":
            m[..., 0], m[..., 1], m[..., 2], m[..., 3] = Y[:, 0::2], U, Y[:, 1::2], V
        else:
            m[..., 0], m[..., 1], m[..., 2], m[..., 3] = U, Y[:, 0::2], V, Y[:, 1::2]
        got = cv2.cvtColor(m.reshape(2048, 4096, 2), getattr(cv2, "COLOR_YUV2RGB_" + code))
        res.append(("opencv", "COLOR_YUV2RGB_" + code, "-", bool(np.array_equal(got, ocv_model))))
        path.write_bytes(m.tobytes())
        ok = True
        for simd in (1, 0):
            four, _, _ = peer.conv(simd, call, None, "none", "none", 4096, 2048, path, [(0, 8192)], 0)
            ok &= bool(np.array_equal(to_rgb(four, call), lib601))
        res.append(("libyuv", call, "I601", ok))
    path.unlink()
    for r in res:
        print("exhaustive %-7s %-32s %-6s %s" % r)
    return res


def exhaustive_vs_exact():
    """max |peer model - exact| over every (Y, U, V) triple (peer models are checked bit-exact above)."""
    Y, U, V = np.meshgrid(np.arange(256), np.arange(256), np.arange(256), indexing="ij")
    Y, U, V = (a.astype(np.uint8).reshape(4096, 4096) for a in (Y, U, V))
    out = []
    for m, r in MATRIX_RANGES:
        ex = exact_rgb(Y, U, V, m, r).astype(np.int16)
        d = np.abs(model_libyuv(Y, U, V, LIBYUV_CONST[(m, r)]).astype(np.int16) - ex)
        out.append(("libyuv", m, r, int(d.max()), float((d.max(-1) > 0).mean()),
                    [int(d[..., i].max()) for i in range(3)]))
        if (m, r) == ("bt601", "video"):
            d = np.abs(model_opencv(Y, U, V).astype(np.int16) - ex)
            out.append(("opencv", m, r, int(d.max()), float((d.max(-1) > 0).mean()),
                        [int(d[..., i].max()) for i in range(3)]))
    return out


# ----------------------------------------------------------------------------------------------
# README
# ----------------------------------------------------------------------------------------------
def cmd_out(args):
    try:
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()
    except Exception as e:  # noqa
        return "unavailable (%s)" % e


def print_summary(rep):
    print("model checks (ok, mismatch):", rep["model_checks"])
    print("libyuv SIMD == C (equal, different):", rep["simd_vs_c"], rep["simd_diffs"])
    print("ABGR == ARGB rgb (equal, different):", rep["abgr_vs_argb"])
    print("kRotate90 clockwise, counter-clockwise:", rep["rot_direction"])
    print("geometry yuv-side vs rgb-side:", rep["geometry_yuv_vs_rgb"])
    print("exact near-ties:", rep["exact_near_ties"], "of", rep["exact_values"])
    print("peer calls:", rep["peer_calls"])


def pct(a, b):
    return "%.2f%%" % (100.0 * a / b) if b else "-"


def versions(info):
    def dpkg(pkg):
        return cmd_out(["dpkg-query", "-W", "-f", "${Version}", pkg])
    ff = cmd_out(["ffmpeg", "-version"]).splitlines()
    sws = [l for l in ff if l.startswith("libswscale")]
    return [
        ("OpenCV", "cv2.__version__ = %s (Debian python3-opencv %s)" % (cv2.__version__, dpkg("python3-opencv"))),
        ("libyuv", "Debian libyuv0 / libyuv-dev %s / %s, LIBYUV_VERSION %s (upstream git b2528b0)"
         % (dpkg("libyuv0"), dpkg("libyuv-dev"), info.split()[1])),
        ("ffmpeg", "%s; %s (Debian ffmpeg %s)" % (ff[0], " ".join(sws[0].split()) if sws else "?", dpkg("ffmpeg"))),
        ("numpy", "%s (Debian python3-numpy %s)" % (np.__version__, dpkg("python3-numpy"))),
        ("python", sys.version.split()[0]),
        ("gcc", cmd_out(["gcc", "--version"]).splitlines()[0]),
        ("CPU flags libyuv detects here", " ".join(info.splitlines()[2].split())),
    ]


README_HEAD = """# golden-yuv: YUV camera frames -> RGB, computed by peers

Golden cases for pixelprep's YUV input (NV12, NV21, I420, YV12, Android YUV_420_888, YUYV, UYVY -> RGB).
Each case is one raw YUV buffer, laid out exactly as in memory (row padding, plane offsets, gaps included),
plus RGB outputs that real peers computed from exactly those samples: OpenCV 4.6 `cv2.cvtColor`, libyuv
(through `yuv_peer.c`, run on the case buffer itself at its offsets and strides) and an exact float64
reference. No expected value here was computed by anything but the peer it names.

Everything in this directory is written by `generate_yuv.py` (this README too); do not edit by hand.

## Files

- `cases.txt`: the case ids, one per line.
- `cases/<id>.yuv`: the raw buffer (`file_size` bytes). Padding bytes, gap bytes and the unused luma byte of an
  odd-width packed row are pseudo-random junk (fixed seed per case), never zeros, so a stride bug shows.
- `cases/<id>.json`: the case:
  - `id`, `format` (`NV12`, `NV21`, `I420`, `YV12`, `YUV_420_888`, `YUYV`, `UYVY`), `width`, `height`,
    `chroma_width` = (width+1)/2, `chroma_height` = (height+1)/2 for 4:2:0, = height for 4:2:2.
  - `planes`: list of `{name, offset, row_stride, pixel_stride}` in file order. `offset` is bytes into the
    `.yuv` file; sample (x, y) of a plane is at `offset + y*row_stride + x*pixel_stride`.
    NV12: `Y`, `UV`; NV21: `Y`, `VU` (`pixel_stride` 2 = the byte step between two U (or V) samples;
    the second sample of each pair is at +1). I420: `Y`, `U`, `V`; YV12: `Y`, `V`, `U`. YUV_420_888: always
    exactly `Y`, `U`, `V`, each with its own offset, row stride and pixel stride (pixel stride 2 with U at
    V+1 is Android's usual NV21-like layout). YUYV / UYVY: one plane named after the format,
    `pixel_stride` 2 = bytes per pixel (a 2-pixel macropixel is 4 bytes: Y0 U Y1 V or U Y0 V Y1; an odd
    width ends each row with a half-used macropixel whose second Y byte is junk).
  - `file_size`, `sha256` of the `.yuv`, `layout` (in words), `source`: `{image, crop {x, y, w, h}, made_by}`.
  - `expected`: list of `{peer, call, matrix, range, chroma, rotation, mirror, file, sha256, input, ...}`:
    - `peer`: `opencv`, `libyuv` or `exact`; `call`: what was called; `matrix`: `bt601`, `bt709`, `bt2020`;
      `range`: `video` (Y 16..235, C 16..240) or `full`.
    - `chroma`: how chroma is upsampled. Every peer here is *nearest*: pixel (x, y) uses chroma sample
      (x // 2, y // 2) for 4:2:0 and (x // 2, y) for 4:2:2.
    - `rotation` (0/90/180/270, clockwise, applied after the conversion unless `chroma` says otherwise),
      `mirror` (horizontal flip).
    - `file`: `<id>.<peer>-....npy`, uint8 RGB, shape [H, W, 3] (H, W after rotation); `sha256` of the file.
      Several entries share one file when their pixels are identical (for example `I420ToARGB`,
      `I420ToABGR` and `I420ToARGBMatrix(kYuvI601Constants)`).
    - libyuv only: `simd_equals_c` (the call was run twice, with the SIMD code libyuv picks and after
      `MaskCpuFlags(1)`, C code only; when true one file holds both), `pixel_stride_uv` for Android420 calls.
    - `input`: what the peer was given. libyuv: the case buffer itself, at the JSON offsets and strides.
      OpenCV: a tight copy of the same samples (OpenCV's I420/YV12/NV12/NV21 calls take one contiguous
      (h*3/2) x w array; strides do not change the result).
    - exact only, sometimes: `bit_identical_to`: ffmpeg runs that reproduced that exact output bit for bit
      on that case (they are a second opinion, not expected values of their own).
- `generate_yuv.py`, `yuv_peer.c`: the generator and its libyuv front end (compiled by the generator with
  `gcc -O2 yuv_peer.c -lyuv` in a temporary directory).

libyuv byte order: libyuv "ARGB" is B, G, R, A in memory, "ABGR" is R, G, B, A; only R, G, B are stored
(alpha is checked to be 255).

## How to regenerate

    apt-get update && apt-get install -y python3-opencv python3-numpy gcc libyuv-dev ffmpeg
    /usr/bin/python3 pixelprep-core/src/test/resources/golden-yuv/generate_yuv.py

(`libyuv-dev` must be the same version as `libyuv0`: 0.0~git20230123.b2528b0-1 on Debian 12.) The script
rebuilds `cases/`, `cases.txt` and this README, runs the self-checks below and prints them; it takes about two
minutes (the exhaustive checks push 2^24 pixels through every peer). Deterministic: fixed seeds, YUV content
made by libyuv's C path (`MaskCpuFlags(1)`) or by OpenCV, so re-running gives identical files.
"""


def write_readme(rep, info):
    L = [README_HEAD]
    A = L.append
    A("## Cases\n")
    counts = {}
    for c in rep["per_case"]:
        counts[c["fmt"]] = counts.get(c["fmt"], 0) + 1
    A("%d cases: %s.\n" % (len(rep["per_case"]), ", ".join("%s %d" % kv for kv in counts.items())))
    A("| id | format | size | layout | made by | expected entries (files) | peers |")
    A("|---|---|---|---|---|---|---|")
    for c, case in zip(rep["per_case"], CASES):
        peers = []
        if c["opencv"]:
            peers.append("opencv")
        peers.append("libyuv")
        peers.append("exact (%s)" % ("6 matrix/range" if case["mats"] == ALL else
                                     ", ".join("%s %s" % mr for mr in case["mats"])))
        if c["geometry"]:
            peers.append("libyuv rotate 90/180/270 + mirror")
        A("| `%s` | %s | %dx%d | %s | %s | %d (%d) | %s |" % (
            c["id"], c["fmt"], c["w"], c["h"], c["layout"], case["make"].replace(":", " "),
            c["n_expected"], c["n_files"], ", ".join(peers)))
    A("")
    A("Crops come from the photos in `%s` (see Licences). `made by`: `libyuv X` = libyuv `ARGBToX` (C path) "
      "of the crop; `cv2 X` = `cv2.cvtColor(crop_bgr, COLOR_BGR2YUV_X)`; the exact call is in each JSON. "
      "OpenCV outputs exist only where OpenCV accepts the size: even width and height for 4:2:0, even width "
      "for YUYV/UYVY. libyuv runs at every size (chroma (w+1)/2 x (h+1)/2).\n" % INPUTS_REL)
    A("Which libyuv calls each format gets (all matrices through the `*Matrix` calls with "
      "`kYuvI601Constants` (bt601 video), `kYuvJPEGConstants` (bt601 full), `kYuvH709Constants` (bt709 "
      "video), `kYuvF709Constants` (bt709 full), `kYuv2020Constants` (bt2020 video), `kYuvV2020Constants` "
      "(bt2020 full); stored for the matrix/range pairs the case lists):\n")
    A("- I420: `I420ToARGB`, `I420ToABGR` (bt601 video), `J420ToARGB` (bt601 full), `H420ToARGB` (bt709 video), "
      "`I420ToARGBMatrix` with F709, 2020, V2020.")
    A("- YV12: the same calls, with `src_u` / `src_v` pointing at the YV12 file's U / V planes (libyuv has no "
      "YV12 call).")
    A("- NV12: `NV12ToARGB`, `NV12ToABGR`, `NV12ToARGBMatrix` (all six); NV21: `NV21ToARGB`, `NV21ToABGR`, "
      "`NV21ToARGBMatrix` (all six).")
    A("- YUV_420_888: `Android420ToARGB`, `Android420ToABGR`, `Android420ToARGBMatrix` (all six), with the "
      "case's three plane pointers, row strides and pixel stride.")
    A("- YUYV: `YUY2ToARGB`; UYVY: `UYVYToARGB` (bt601 video only: this libyuv exports no YUY2/UYVY *Matrix "
      "call).\n")
    A("Geometry (cases `i420_64x48_tight` and `a888_161x121_ps2_vu_padded`, bt601 video), each with "
      "`rotation` / `mirror` set:\n")
    A("- RGB side: the converted image (`I420ToARGB` / `Android420ToARGB`) then `ARGBRotate(kRotate90 / "
      "kRotate180 / kRotate270)` or `ARGBMirror`. Files `...-argbrotate90.npy` etc.")
    A("- YUV side: `I420Rotate` / `Android420ToI420Rotate` (or `I420Mirror`; Android: "
      "`Android420ToI420Rotate(kRotate0)` then `I420Mirror`) into a tight I420, then "
      "`I420ToARGBMatrix(kYuvI601Constants)`. For 64x48 both sides give the same pixels (one shared file); "
      "for 161x121 they differ (files `...-i420rotate90.npy` etc.), because the rotated/mirrored chroma "
      "grid no longer lines up with x//2, y//2 when the flipped dimension is odd:\n")
    A("| case | op | YUV side == RGB side | max abs diff | pixels differing |")
    A("|---|---|---|---|---|")
    for cid, op, eq, mx, n in rep["geometry_yuv_vs_rgb"]:
        A("| `%s` | %s | %s | %d | %d |" % (cid, op, "yes" if eq else "no", mx, n))
    A("")
    cwok, ccwok = rep["rot_direction"]
    A("Direction: libyuv's `kRotate90` turns the image **clockwise** (rotate.h: `kRotate90 = 90, // Rotate 90 "
      "degrees clockwise.`; checked: `ARGBRotate(kRotate90)` output == `np.rot90(img, k=-1)`: %s, == "
      "`np.rot90(img, k=1)` (counter-clockwise): %s). Output pixel (x', y') of a 90° turn of a W x H image is "
      "input pixel (y', H-1-x'); 270° is the counter-clockwise quarter turn.\n" % (cwok, ccwok))

    A("## What each peer computes (8 bit)\n")
    A("All peers upsample chroma by nearest sample (no interpolation) and convert each pixel independently.\n")
    A("### OpenCV 4.6 `cv2.cvtColor(COLOR_YUV2RGB_NV12 / _NV21 / _I420 / _YV12 / _YUY2 / _UYVY)`\n")
    A("BT.601 video range, 20-bit fixed point, read in `modules/imgproc/src/color_yuv.simd.hpp` of "
      "opencv/opencv at commit f05245127610bc25ee016c40d8a9e809605ee736 (the copy available to me; it is newer "
      "than the 4.6.0 tag, so the formula was checked against the installed 4.6.0 bit for bit, see Self-checks): "
      "constants `ITUR_BT_601_CY = 1220542, CUB = 2116026, CUG = -409993, CVG = -852492, CVR = 1673527, "
      "SHIFT = 20`, functions `uvToRGBuv` and `yRGBuvToRGBA` (scalar and universal-intrinsics versions compute "
      "the same integers), used by `YUV420sp2RGB8Invoker` (NV12/NV21), `YUV420p2RGB8Invoker` (I420/YV12) and "
      "`YUV422toRGB8Invoker` (YUY2/UYVY):\n")
    A("```\nu = U - 128;  v = V - 128\ny = max(0, Y - 16) * 1220542              // round(1.164 * 2^20)\n"
      "R = sat8((y + (1 << 19) + 1673527 * v) >> 20)                  // 1.596\n"
      "G = sat8((y + (1 << 19) -  852492 * v - 409993 * u) >> 20)     // 0.813, 0.391\n"
      "B = sat8((y + (1 << 19) + 2116026 * u) >> 20)                  // 2.018\n"
      "```\n")
    A("`>>` is an arithmetic shift (floor) of a 32-bit int, `sat8` clamps to 0..255. Note the `max(0, Y - 16)`: "
      "luma below 16 is treated as 16 (the exact reference lets it go negative).\n")
    A("### libyuv (Debian 0.0~git20230123.b2528b0, LIBYUV_VERSION 1857)\n")
    A("Read in chromium libyuv at commit b2528b0be934de1918e20c85fc170d809eeb49ab (\"Add support for odd width "
      "and height in I410ToI420\", 2023-01-23; the Debian snapshot), via the mirror lemenkov/libyuv: "
      "`source/row_common.cc` (`YUVCONSTANTSBODY` for x86 at lines 1494-1503, the constant tables and "
      "`MAKEYUVCONSTANTS` at 1508-1668, the x86 `LOAD_YUV_CONSTANTS` / `CALC_RGB16` at 1700-1716, `YuvPixel` at "
      "1721, `Clamp` at 103), `include/libyuv/row.h` (`struct YuvConstants` for Intel, line 825), "
      "`source/convert_argb.cc` (`I420ToARGBMatrix` at 56: one chroma row per two luma rows; "
      "`Android420ToARGBMatrix` at 4281), `include/libyuv/cpu_id.h` (line 85: `MaskCpuFlags(1)` disables all "
      "CPU-specific code), `include/libyuv/rotate.h` (line 24). Per pixel (C `YuvPixel`; the SIMD rows give the "
      "same bytes, see Self-checks):\n")
    A("```\ny1 = ((uint32)(Y * 0x0101 * YG) >> 16) + YB\nu = U - 128;  v = V - 128\n"
      "B = clamp((y1 + u * UB) >> 6)\nG = clamp((y1 - (u * UG + v * VG)) >> 6)\nR = clamp((y1 + v * VR) >> 6)\n```\n")
    A("| YuvConstants | matrix, range | YG | YB | UB | UG | VG | VR |")
    A("|---|---|---|---|---|---|---|---|")
    for (m, r), k in LIBYUV_CONST.items():
        yg, yb, ub, ug, vg, vr = LIBYUV_COEF[k]
        A("| `%s` | %s %s | %d | %d | %d | %d | %d | %d |" % (LIBYUV_CONST_C_NAME[k], m, r, yg, yb, ub, ug, vg, vr))
    A("")
    A("YG = round(s * 64 * 256 * 256 / 257) with s = 1.164 (video; 1.164384 for 2020) or 1 (full); YB = "
      "-16 * s * 64 + 32 (video) or 32 (full): the +32 is the rounding of the final `>> 6`. The chroma "
      "coefficients are the matrix's values * 64, rounded, **except UB of the three video-range sets, which "
      "is capped at 128** (2.018, 2.112, 2.142 * 64 = 129, 135, 137 need `LIBYUV_UNLIMITED_DATA`, not set in "
      "this build: the model with 128 matches). So libyuv's blue is up to 15 (BT.709) / 18 (BT.2020) levels "
      "low for strongly blue video-range input. The `ABGR` calls use the `kYvu*` sets (UB<->VR, UG<->VG swapped) "
      "with U and V swapped, which is the same arithmetic per channel: their RGB equals the `ARGB` calls' "
      "(checked on every case: %d equal, %d different).\n" % tuple(rep["abgr_vs_argb"]))
    A("`Android420ToARGBMatrix` (convert_argb.cc 4281-4343): pixel stride 1 -> `I420ToARGBMatrix`; pixel stride 2 "
      "with `src_v - src_u == -1` and equal strides -> `NV21ToARGBMatrix`; `== +1` -> `NV12ToARGBMatrix`; "
      "anything else (case `a888_33x25_ps2_separate`) is first de-interleaved into a temporary NV12. "
      "`Android420ToABGR` (4364) passes V as U and U as V with `kYvuI601Constants`.\n")
    A("### exact: numpy float64\n")
    A("```\nvideo: Yn = (Y - 16) * 255 / 219;  Cb = (U - 128) * 255 / 224;  Cr = (V - 128) * 255 / 224\n"
      "full:  Yn = Y;                     Cb = U - 128;                Cr = V - 128\n"
      "R = Yn + 2(1 - Kr) * Cr\nB = Yn + 2(1 - Kb) * Cb\nG = Yn - (2 Kb (1 - Kb) / Kg) * Cb - (2 Kr (1 - Kr) / Kg) * Cr,"
      "   Kg = 1 - Kr - Kb\nout = clip(rint(x), 0, 255)       // rint: round half to even\n```\n")
    A("Kr, Kb = 0.299, 0.114 (BT.601), 0.2126, 0.0722 (BT.709), 0.2627, 0.0593 (BT.2020). Evaluated left to right "
      "in float64 exactly as written (`exact_float` in the generator; the coefficient products are computed "
      "first, e.g. `(2.0 * kb * (1.0 - kb) / kg) * cb`). Of the %d channel values of all cases and matrices "
      "(stored or not) **%d** lie within 1e-6 of a .5 tie, so any float64 implementation of the same formula "
      "rounds them the same way.\n" % (rep["exact_values"], rep["exact_near_ties"]))
    A("### How far the fixed-point peers are from exact\n")
    A("On the photo cases (all cases that the peer runs on, all matrices, stored or not):\n")
    A("| peer | matrix | range | pixels | pixels differing | max abs diff | channel values within 1 |")
    A("|---|---|---|---|---|---|---|")
    for r in rep["accuracy"]:
        A("| %s | %s | %s | %d | %s | %d | %.2f%% |" % (r["peer"], r["matrix"], r["range"], r["n_px"],
                                                     pct(r["diff_px"], r["n_px"]), r["max"], 100 * r["ch_le1"]))
    A("")
    A("On every (Y, U, V) triple (2^24, through the bit-exact models):\n")
    A("| peer | matrix | range | max abs diff | max per channel R, G, B | share of triples differing |")
    A("|---|---|---|---|---|---|")
    for peer, m, r, mx, share, perch in rep["exhaustive_vs_exact"]:
        A("| %s | %s | %s | %d | %s | %.2f%% |" % (peer, m, r, mx, ", ".join(map(str, perch)), 100 * share))
    A("")
    A("(OpenCV's 19 comes from `max(0, Y - 16)` for Y < 16; libyuv's large blue errors from the capped UB.)\n")

    A("## ffmpeg (swscale): can it be a bit-exact peer?\n")
    A("Each 4:2:0 case's samples as tight `yuv420p`, converted by\n")
    A("```\n%s\n```\n" % ffmpeg_command(0, 0, "bt709", "video", "FLAGS").replace("0x0", "WxH")
      .replace("in_color_matrix=bt709", "in_color_matrix=MATRIX").replace("in_range=tv", "in_range=RANGE"))
    A("(`in_color_matrix` bt601 / bt709 / bt2020, `in_range` tv (video) / pc (full); `-threads 1 -filter_threads 1`), "
      "compared with the exact reference and with libyuv (same matrix/range: I601/JPEG/H709/F709/2020/V2020) "
      "and, for bt601 video, OpenCV. `pixels` = share of pixels with any channel different. Even-size cases: %s; "
      "odd: %s.\n" % (
          ", ".join(c["id"] for c in CASES if c["fmt"] not in PACKED and c["w"] % 2 == 0 and c["h"] % 2 == 0),
          ", ".join(c["id"] for c in CASES if c["fmt"] not in PACKED and (c["w"] % 2 or c["h"] % 2))))
    A("| flags | matrix | range | sizes | cases | vs exact: max | pixels | identical cases | vs libyuv: max | pixels "
      "| identical cases | vs OpenCV: max | pixels |")
    A("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rep["ffmpeg"]:
        A("| `%s` | %s | %s | %s | %d | %d | %s | %d | %d | %s | %d | %s | %s |" % (
            r["flags"], r["matrix"], r["range"], r["sizes"], r["cases"], r["exact_max"], pct(r["exact_px"], r["n_px"]),
            r["exact_identical"], r["lib_max"], pct(r["lib_px"], r["n_px"]), r["lib_identical"],
            "-" if r["ocv_max"] is None else r["ocv_max"], pct(r["ocv_px"], r["ocv_n"]) if r["ocv_n"] else "-"))
    A("")
    A("Every (Y, U, V) triple (4096x4096 frame, each 2x2 block one chroma pair), flags `%s`, against exact:\n"
      % FF_FLAGS[1])
    A("| matrix | range | max abs diff | max per channel R, G, B | share of triples differing | triples off by more "
      "than 1 |")
    A("|---|---|---|---|---|---|")
    for r in rep["ffmpeg_exhaustive"]:
        extra = ""
        if r["n_gt1"]:
            extra = " (Y %d..%d, U %d..%d)" % tuple(r["gt1_Y"] + r["gt1_U"])
        A("| %s | %s | %d | %s | %.3f%% | %d%s |" % (r["matrix"], r["range"], r["max"],
                                                   ", ".join(map(str, r["per_channel"])), 100 * r["share"],
                                                   r["n_gt1"], extra))
    A("")
    A("Findings:\n")
    A("- Without `neighbor`, swscale interpolates chroma (bilinear/bicubic), so it differs from every "
      "nearest-chroma peer on most pixels; without `full_chroma_int` it also interpolates vertically. Not a "
      "bit-exact peer.")
    nb = [r for r in rep["ffmpeg"] if r["flags"] == FF_FLAGS[1] and r["sizes"] == "even"]
    all_id = ["%s %s" % (r["matrix"], r["range"]) for r in nb if r["exact_identical"] == r["cases"]]
    some_id = ["%s %s (%d of %d)" % (r["matrix"], r["range"], r["exact_identical"], r["cases"])
               for r in nb if 0 < r["exact_identical"] < r["cases"]]
    A("- With `neighbor+accurate_rnd+full_chroma_int+bitexact` and even sizes, swscale is the exact reference "
      "with slightly different rounding: bit-identical to `exact` on all %d even-size photo cases for %s; on "
      "some of them for %s (see `bit_identical_to` in the JSONs); but not on every input (exhaustive table: "
      "full range ±1 on a few tenths of a percent of triples). Video range is off by 1 on a few percent of "
      "pixels, and for extreme out-of-gamut inputs (very bright and very blue: %s) its blue wraps around to 0 "
      "(diff 255). So swscale is not a bit-exact peer of anything here; it is a good *independent* check "
      "that the exact reference is right to within 1." % (
          nb[0]["cases"], ", ".join(all_id) or "none", ", ".join(some_id) or "none",
          "; ".join("%s Y >= %d with U >= %d" % (r["matrix"], r["gt1_Y"][0], r["gt1_U"][0])
                    for r in rep["ffmpeg_exhaustive"] if r["n_gt1"])))
    A("- For odd sizes swscale's `neighbor` maps luma columns/rows to chroma by the scale factor "
      "(chroma_w / w != 1/2 for an odd w, likewise for an odd h), not by x // 2: from about the middle of the "
      "odd dimension on, every other column (row) takes the next chroma sample, so colour edges differ a lot. The other peers (and Android) use x // 2, y // 2.")
    A("- vs libyuv, swscale differs most in video range because of libyuv's capped UB (blue).\n")

    A("## Self-checks (run by the generator)\n")
    mc = rep["model_checks"]
    A("- numpy re-implementations of OpenCV's and libyuv's integer formulas (`model_opencv`, `model_libyuv` in the "
      "generator) against the peers' outputs on all cases: OpenCV %d/%d bit-exact, libyuv %d/%d (both code "
      "paths, every call), libyuv geometry %d/%d (RGB side: rotated/mirrored model; YUV side: model on the "
      "rotated/mirrored planes)." % (mc["opencv"][0], sum(mc["opencv"]), mc["libyuv"][0], sum(mc["libyuv"]),
                                     mc["libyuv_geometry"][0], sum(mc["libyuv_geometry"])))
    ex = rep["exhaustive"]
    A("- Exhaustive: every (Y, U, V) triple (2^24) through each peer call below, compared with the model "
      "(libyuv: SIMD and C): %d/%d bit-exact." % (sum(1 for r in ex if r[3]), len(ex)))
    A("")
    A("| peer | call | YuvConstants | bit-exact with the model |")
    A("|---|---|---|---|")
    for peer, call, k, ok in ex:
        A("| %s | `%s` | %s | %s |" % (peer, call, LIBYUV_CONST_C_NAME.get(k, "-"), "yes" if ok else "**NO**"))
    A("")
    A("- Consumer-side check: every case re-read from its JSON plane descriptions and `.yuv` alone (as the Java "
      "side will), every expected file recomputed from those samples by the models / the exact formula: "
      "%d entries match, %d mismatch." % rep["verify_from_files"])
    sv = rep["simd_vs_c"]
    A("- libyuv SIMD vs C (`MaskCpuFlags(1)`): %d of %d conversions byte-identical%s. (That the SIMD path really "
      "runs was checked once by hand: I420ToARGB of 1920x1080 takes 0.4 ms with SIMD, 9.4 ms after "
      "`MaskCpuFlags(1)`, on this AVX-512 machine.)" % (
          sv[0], sum(sv), "" if not sv[1] else "; different: %s" % rep["simd_diffs"]))
    A("")
    A("## Versions\n")
    for k, v in versions(info):
        A("- %s: %s" % (k, v))
    A("")
    A("## Licences of the photos\n")
    A("From `%s/SOURCES.md` (scikit-image 0.19.3 sample data, Debian `python3-skimage` 0.19.3-8):\n" % INPUTS_REL)
    A("| file | made from | licence |")
    A("|---|---|---|")
    A("| `chelsea.png` | `skimage/data/chelsea.png` (photo by Stéfan van der Walt) | CC0 |")
    A("| `astronaut.png` | `skimage/data/astronaut.png` (NASA photo of Eileen Collins) | public domain (NASA) |")
    A("| `rocket_portrait.jpg` | `skimage/data/rocket.jpg` (SpaceX launch photo of DSCOVR), rotated 90° clockwise, "
      "JPEG q95 | public domain (SpaceX) |")
    A("")
    A("`camera_small.png` is not used: it is gray, so all its chroma samples are 128 and a U/V or chroma-stride "
      "mistake would not show.\n")
    A("The libyuv and OpenCV sources were read for facts only; no code was copied from them.\n")
    (HERE / "README.md").write_text("\n".join(L))


if __name__ == "__main__":
    main()
