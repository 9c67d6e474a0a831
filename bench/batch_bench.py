#!/usr/bin/python3
"""pixelprep batch against a PyTorch DataLoader on a corpus of real-photo JPEGs, in the same run on this machine.

Builds (once) a corpus of real photos: the photographs Debian's python3-skimage ships (skimage.data), cropped,
scaled and re-encoded by Pillow at several qualities and chroma subsamplings, so the JPEGs are of mixed sizes
and kinds. Then, in one run:

  1. per core:  pixelprep batch --jobs 1           vs  one Python process: PIL.Image.open + torchvision transforms
  2. all cores: pixelprep batch --jobs <cores>     vs  torch DataLoader(num_workers=<cores>) over the same files

with torchvision's Resize(256) + CenterCrop(224) + ToTensor + Normalize(ImageNet) on both sides, and the outputs
compared element by element (max |difference| and how many elements differ).

Usage: bench/batch_bench.py [--images 500] [--corpus DIR] [--work DIR] [--repeat 1]
Needs: /usr/bin/python3 with python3-torch, python3-torchvision, python3-pil, python3-numpy, python3-skimage;
the pixelprep launcher (./pixelprep) builds the jar on first use.
"""
import argparse
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import time

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# colour photographs three times as often as the grayscale ones, so that about three in four JPEGs are colour
COLOUR = ["astronaut", "chelsea", "coffee", "rocket", "motorcycle_left", "hubble_deep_field", "immunohistochemistry", "retina"]
GRAY = ["camera", "coins", "moon", "page", "text", "grass", "gravel", "brick"]
PHOTOS = COLOUR * 3 + GRAY


def build_corpus(path, n, seed=20261202):
    marker = os.path.join(path, ".complete-v2-%d" % n)
    if os.path.exists(marker):
        return
    import skimage.data
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    sources = []
    for name in PHOTOS:
        f = getattr(skimage.data, name, None)
        if f is None:
            continue
        try:
            a = f()
        except Exception:  # a photo this skimage version does not ship
            continue
        if a.dtype != np.uint8:
            a = (np.clip(a, 0, 1) * 255).astype(np.uint8) if a.dtype.kind == "f" else a.astype(np.uint8)
        img = Image.fromarray(a)
        img = img.convert("L" if img.mode in ("L", "1", "I;16") else "RGB")
        if img.mode == "RGB" and name in GRAY:
            img = img.convert("L")
        sources.append((name, img))
    rnd = random.Random(seed)
    subsamplings = [0, 1, 2]  # Pillow: 0 = 4:4:4, 1 = 4:2:2, 2 = 4:2:0
    for i in range(n):
        name, img = sources[i % len(sources)]
        w, h = img.size
        cw = rnd.randint(max(16, w // 2), w)
        ch = rnd.randint(max(16, h // 2), h)
        x = rnd.randint(0, w - cw)
        y = rnd.randint(0, h - ch)
        crop = img.crop((x, y, x + cw, y + ch))
        longer = rnd.randint(320, 1600)
        s = longer / max(cw, ch)
        size = (max(1, round(cw * s)), max(1, round(ch * s)))
        crop = crop.resize(size, Image.BICUBIC)
        q = rnd.choice([70, 80, 90, 95])
        kw = {"quality": q, "progressive": rnd.random() < 0.2}
        if crop.mode == "RGB":
            kw["subsampling"] = rnd.choice(subsamplings)
        crop.save(os.path.join(path, "%s-%04d.jpg" % (name, i)), "JPEG", **kw)
    open(marker, "w").close()


def torchvision_transform():
    import torchvision.transforms as T
    return T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(),
                      T.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])])


class Files:
    def __init__(self, paths):
        self.paths = paths
        self.t = torchvision_transform()

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        with Image.open(self.paths[i]) as im:
            return self.t(im.convert("RGB"))


def python_single(paths):
    ds = Files(paths)
    out = np.empty((len(paths), 3, 224, 224), np.float32)
    t0 = time.perf_counter()
    for i in range(len(paths)):
        out[i] = ds[i].numpy()
    return time.perf_counter() - t0, out


def dataloader(paths, workers):
    import torch
    from torch.utils.data import DataLoader
    torch.set_num_threads(1)
    ds = Files(paths)
    out = np.empty((len(paths), 3, 224, 224), np.float32)
    t0 = time.perf_counter()
    loader = DataLoader(ds, batch_size=32, num_workers=workers, shuffle=False)
    k = 0
    for b in loader:
        out[k:k + len(b)] = b.numpy()
        k += len(b)
    return time.perf_counter() - t0, out


def pixelprep_batch(corpus, out, jobs):
    shutil.rmtree(out, ignore_errors=True)
    cmd = [os.path.join(ROOT, "pixelprep"), "batch", corpus, "-o", out, "--preset", "torchvision-imagenet",
           "--resize", "256", "--crop", "224", "--jobs", str(jobs), "--progress", "none", "--shard-size", "256"]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    rows = []
    with open(os.path.join(out, "manifest.jsonl")) as f:
        for line in f:
            rows.append(json.loads(line))
    shards = {}
    tensors = np.empty((len(rows), 3, 224, 224), np.float32)
    for r in rows:
        if r["status"] != "ok":
            raise SystemExit("pixelprep could not read %s: %s" % (r["path"], r["error"]))
        s = shards.setdefault(r["shard"], np.load(os.path.join(out, "shard-%05d.npy" % r["shard"]), mmap_mode="r"))
        tensors[r["index"]] = s[r["row"]]
    return dt, tensors, [r["path"] for r in rows]


def compare(a, b):
    d = np.abs(a.astype(np.float64) - b.astype(np.float64))
    return float(d.max()), int((d > 0).sum()), int((d > 1e-5).sum()), d.size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=500)
    ap.add_argument("--corpus", default="/tmp/pixelprep-bench-corpus")
    ap.add_argument("--work", default="/tmp/pixelprep-bench-work")
    ap.add_argument("--cores", type=int, default=os.cpu_count())
    args = ap.parse_args()
    build_corpus(args.corpus, args.images)
    paths = sorted(glob.glob(os.path.join(args.corpus, "*.jpg")))
    sizes = [Image.open(p).size for p in paths]
    mp = sum(w * h for w, h in sizes) / len(sizes) / 1e6
    print("corpus: %d JPEGs in %s, mean %.2f MPix, %d-%d px on the longer side" % (
        len(paths), args.corpus, mp, min(max(s) for s in sizes), max(max(s) for s in sizes)))
    subprocess.run([os.path.join(ROOT, "pixelprep"), "--version"], check=True, stdout=subprocess.DEVNULL)  # build once

    t_py1, ref = python_single(paths)
    t_pp1, pp1, listed = pixelprep_batch(args.corpus, os.path.join(args.work, "jobs1"), 1)
    assert listed == paths, "pixelprep listed the corpus in another order"
    t_dl, dl = dataloader(paths, args.cores)
    t_ppn, ppn, _ = pixelprep_batch(args.corpus, os.path.join(args.work, "jobsN"), args.cores)

    n = len(paths)
    print("per core : pixelprep batch --jobs 1   %7.1f images/s   Pillow + torchvision, one process %7.1f images/s   ratio %.2fx" % (
        n / t_pp1, n / t_py1, t_py1 / t_pp1))
    print("%d cores  : pixelprep batch --jobs %d   %7.1f images/s   DataLoader(num_workers=%d)        %7.1f images/s   ratio %.2fx" % (
        args.cores, args.cores, n / t_ppn, args.cores, n / t_dl, t_dl / t_ppn))
    for name, a in (("jobs 1", pp1), ("jobs %d" % args.cores, ppn)):
        mx, nz, big, size = compare(a, ref)
        print("outputs  : pixelprep (%s) vs torchvision: max |diff| %.3g, %d of %d elements differ (%d by more than 1e-5)" % (
            name, mx, nz, size, big))
    mx, nz, _, _ = compare(dl, ref)
    print("outputs  : DataLoader vs one-process torchvision: max |diff| %.3g, %d differ" % (mx, nz))


if __name__ == "__main__":
    sys.exit(main())
