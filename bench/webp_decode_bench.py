#!/usr/bin/python3
"""Lossy WebP decode: pixelprep's VP8 decoder against Pillow (libwebp) and TwelveMonkeys, in the same run.

Makes two sets of lossy WebP files with Debian's cwebp (quality 80) from the photographs python3-skimage ships:
"photos" (seven colour photos at their own sizes, 0.14-1.99 MP) and "12mp" (one of them scaled by Pillow to
4000x3000). Then, on this machine, one after the other:

  1. Pillow: Image.open + load + convert('RGB') of every file of a set, best of --repeat passes after a warm-up;
  2. JMH's WebpDecodeBench (pixelprep-bench/target/benchmarks.jar): pixelprep's ImageDecoder and TwelveMonkeys'
     ImageIO reader on the same files (one operation decodes the whole set);

and prints milliseconds per set and the ratios for BENCHMARKS.md. The pixels themselves are checked elsewhere
(LossyWebpTest: libwebp's pixels, file by file).

Usage: bench/webp_decode_bench.py [--work DIR] [--repeat 5]
Needs: /usr/bin/python3 with python3-pil and python3-skimage, Debian's webp (cwebp), and the benchmarks jar
(mvn -B -q package -DskipTests -pl pixelprep-bench -am).
"""
import argparse
import json
import os
import subprocess
import sys
import time

from PIL import Image
import skimage.data

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PHOTOS = ["astronaut", "chelsea", "coffee", "rocket", "hubble_deep_field",
          "immunohistochemistry", "retina"]


def make_sets(work):
    sets = {}
    for name in ("photos", "12mp"):
        os.makedirs(os.path.join(work, name), exist_ok=True)
        sets[name] = os.path.join(work, name)
    for p in PHOTOS:
        out = os.path.join(sets["photos"], p + ".webp")
        if not os.path.exists(out):
            png = os.path.join(work, p + ".png")
            Image.fromarray(getattr(skimage.data, p)()).convert("RGB").save(png)
            subprocess.run(["cwebp", "-quiet", "-q", "80", png, "-o", out], check=True)
    big = os.path.join(sets["12mp"], "astronaut-4000x3000.webp")
    if not os.path.exists(big):
        png = os.path.join(work, "astronaut-4000x3000.png")
        Image.fromarray(skimage.data.astronaut()).resize((4000, 3000), Image.BICUBIC).save(png)
        subprocess.run(["cwebp", "-quiet", "-q", "80", png, "-o", big], check=True)
    return sets


def pillow_ms(folder, repeat):
    files = [os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.endswith(".webp")]
    data = [open(f, "rb").read() for f in files]
    import io

    def one_pass():
        for d in data:
            im = Image.open(io.BytesIO(d))
            im.load()
            im.convert("RGB")
    one_pass()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        one_pass()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times), sorted(times)[len(times) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(ROOT, "pixelprep-bench", "target", "webp-bench"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    jar = os.path.join(ROOT, "pixelprep-bench", "target", "benchmarks.jar")
    if not os.path.exists(jar):
        sys.exit("build the benchmarks first: mvn -B -q package -DskipTests -pl pixelprep-bench -am")
    sets = make_sets(args.work)
    pillow = {name: pillow_ms(folder, args.repeat) for name, folder in sets.items()}
    result = os.path.join(args.work, "jmh.json")
    subprocess.run(["java", "-jar", jar, "WebpDecodeBench", "-p", "dir=" + ",".join(sets.values()),
                    "-rf", "json", "-rff", result], check=True)
    jmh = {}
    for r in json.load(open(result)):
        folder = r["params"]["dir"]
        name = [n for n, f in sets.items() if f == folder][0]
        jmh[(name, r["params"]["decoder"])] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
    print()
    print("| set | Pillow (libwebp) ms, best / median | pixelprep ms | TwelveMonkeys ms | pixelprep / Pillow | TwelveMonkeys / pixelprep |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in sets:
        best, median = pillow[name]
        ours, ours_err = jmh[(name, "pixelprep")]
        tm, tm_err = jmh[(name, "twelvemonkeys")]
        print("| %s | %.1f / %.1f | %.1f ± %.1f | %.1f ± %.1f | %.2f× | %.2f× |"
              % (name, best, median, ours, ours_err, tm, tm_err, ours / best, tm / ours))


if __name__ == "__main__":
    main()
