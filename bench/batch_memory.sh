#!/usr/bin/env bash
# Peak memory of pixelprep batch against the number of inputs: 2,000 and 20,000 small generated PNGs, same spec.
# Flat memory means the peak RSS does not grow with the input count. Usage: bench/batch_memory.sh [WORKDIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/pixelprep-batch-memory}"
mkdir -p "$work"
if [ ! -f "$work/.complete" ]; then
  /usr/bin/python3 - "$work" <<'PY'
import os, sys, random
import numpy as np
from PIL import Image
work = sys.argv[1]
rnd = np.random.default_rng(7)
base = rnd.integers(0, 256, (48, 64, 3), dtype=np.uint8)
for n in (2000, 20000):
    d = os.path.join(work, "in-%d" % n)
    os.makedirs(d, exist_ok=True)
    for i in range(n):
        sub = os.path.join(d, "%03d" % (i // 1000))
        os.makedirs(sub, exist_ok=True)
        a = np.roll(base, i % 64, axis=1)
        Image.fromarray(a).save(os.path.join(sub, "%06d.png" % i))
PY
  touch "$work/.complete"
fi
"$root/pixelprep" --version >/dev/null
for n in 2000 20000; do
  rm -rf "$work/out-$n"
  /usr/bin/time -f "inputs $n: %e s wall, peak RSS %M KiB" "$root/pixelprep" batch "$work/in-$n" -o "$work/out-$n" \
      --preset torchvision-imagenet --resize 256 --crop 224 --progress none --shard-size 1024 2>&1 >/dev/null | tail -1
done
# the same 20,000 inputs in a 128 MiB heap: a run that kept anything per input could not finish
rm -rf "$work/out-small-heap"
PIXELPREP_JAVA_OPTS="-Xmx128m" /usr/bin/time -f "inputs 20000 with -Xmx128m: %e s wall, peak RSS %M KiB" "$root/pixelprep" batch "$work/in-20000" \
    -o "$work/out-small-heap" --preset torchvision-imagenet --resize 256 --crop 224 --progress none --shard-size 1024 2>&1 >/dev/null | tail -1
cmp "$work/out-20000/manifest.jsonl" "$work/out-small-heap/manifest.jsonl" && echo "manifests of the two 20,000-input runs identical"
