#!/usr/bin/python3
"""JPEGs of every kind a crawl meets, and the pixels Pillow decodes from each (the peer both of pixelprep's JPEG
decoders must equal). Re-run from this directory with Debian's /usr/bin/python3 (python3-pil, python3-numpy) and
libjpeg-turbo-progs (cjpeg, jpegtran) for the samplings and restart markers Pillow cannot write.

The source is a crop of skimage's chelsea.png (this module's images/chelsea.png; see images/NOTICE.md) and of
coffee.png from Debian's python3-skimage (public domain, Rachel Michetti). Each case is NAME.jpg with
NAME.pillow.npy: numpy.asarray(Image.open(NAME.jpg).convert(mode)) (uint8, H x W x 3, or H x W for grey), the
EXIF orientation not applied (Pillow's Image.open does not); index.json lists the cases with how each was made.
"""
import io
import json
import os
import subprocess

import numpy as np
import PIL
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
chelsea = Image.open(os.path.join(HERE, "..", "images", "chelsea.png")).convert("RGB").crop((130, 40, 227, 101))  # 97x61
coffee = Image.open("/usr/lib/python3/dist-packages/skimage/data/coffee.png").convert("RGB").crop((200, 100, 267, 145))  # 67x45
cases = []


def pillow(name, img, how, **kw):
    img.save(os.path.join(HERE, name + ".jpg"), "JPEG", **kw)
    cases.append({"name": name, "made": how})


def cjpeg(name, img, args, how):
    ppm = io.BytesIO()
    img.save(ppm, "PPM" if img.mode == "RGB" else "PPM")
    out = subprocess.run(["cjpeg"] + args, input=ppm.getvalue(), stdout=subprocess.PIPE, check=True).stdout
    with open(os.path.join(HERE, name + ".jpg"), "wb") as f:
        f.write(out)
    cases.append({"name": name, "made": how})


pillow("s420-q90", chelsea, "Pillow quality=90 subsampling=4:2:0", quality=90, subsampling=2)
pillow("s422-q85", chelsea, "Pillow quality=85 subsampling=4:2:2", quality=85, subsampling=1)
pillow("s444-q95", chelsea, "Pillow quality=95 subsampling=4:4:4", quality=95, subsampling=0)
pillow("s420-odd", coffee, "Pillow quality=80 subsampling=4:2:0, 67x45 (odd sizes)", quality=80, subsampling=2)
pillow("gray-q90", chelsea.convert("L"), "Pillow grey quality=90", quality=90)
pillow("progressive-420", chelsea, "Pillow progressive quality=88 4:2:0", quality=88, subsampling=2, progressive=True)
pillow("progressive-444", coffee, "Pillow progressive quality=92 4:4:4", quality=92, subsampling=0, progressive=True)
pillow("optimized-422", coffee, "Pillow optimize=True quality=75 4:2:2", quality=75, subsampling=1, optimize=True)
cjpeg("s440", chelsea, ["-quality", "90", "-sample", "1x2,1x1,1x1"], "cjpeg -quality 90 -sample 1x2 (4:4:0)")
cjpeg("s411", coffee, ["-quality", "90", "-sample", "4x1,1x1,1x1"], "cjpeg -quality 90 -sample 4x1 (4:1:1)")
cjpeg("restart-rows", chelsea, ["-quality", "85", "-restart", "1"], "cjpeg -quality 85 -restart 1 (a restart marker every MCU row)")
cjpeg("restart-blocks", coffee, ["-quality", "85", "-restart", "3B", "-sample", "2x2"], "cjpeg -restart 3B 4:2:0 (every 3 MCUs)")
cjpeg("rgb-components", coffee, ["-quality", "90", "-rgb"], "cjpeg -rgb (RGB components, no YCbCr transform)")

for c in cases:
    with Image.open(os.path.join(HERE, c["name"] + ".jpg")) as im:
        c["pillow_mode"] = im.mode
        a = np.asarray(im.convert("L" if im.mode == "L" else "RGB"))
    np.save(os.path.join(HERE, c["name"] + ".pillow.npy"), a)
    c["shape"] = list(a.shape)

with open(os.path.join(HERE, "index.json"), "w") as f:
    json.dump({"pillow": PIL.__version__, "cjpeg": subprocess.run(["cjpeg", "-version"], stderr=subprocess.PIPE).stderr.decode().strip(),
               "cases": cases}, f, indent=1)
    f.write("\n")
