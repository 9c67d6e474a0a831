#!/usr/bin/python3
"""Differential campaign: our lossless WebP decoder against libwebp on mutated files.

    /usr/bin/python3 scripts/webp-differential.py [MUTANTS_PER_SEED] [SEED]

Needs Debian's webp (dwebp) and python3-pil. Takes every cwebp-made seed of the test corpus
(pixelprep-io/src/test/resources/webp/lossless/*.webp that is not a mutant or cut), writes MUTANTS_PER_SEED
(default 300) copies of each with 1 to 4 bytes of the VP8L bitstream changed, or cut short with the sizes fixed up,
to pixelprep-io/target/webp-differential/, asks dwebp and Pillow (both libwebp 1.2.4) for their verdicts, and runs
LosslessWebpTest#externalCorpus over the files on which the two agree: pixelprep must refuse what they refuse and
give their pixels (SHA-256) where they decode. Prints the counts; exit status is Maven's.
"""
import hashlib, os, random, shutil, struct, subprocess, sys
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, 'pixelprep-io/src/test/resources/webp/lossless')
OUT = os.path.join(ROOT, 'pixelprep-io/target/webp-differential')
per_seed = int(sys.argv[1]) if len(sys.argv) > 1 else 300
random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)


def alpha_bit(d):
    return (struct.unpack('<I', d[21:25])[0] >> 28) & 1 == 1


def dwebp(path, alpha):
    r = subprocess.run(['dwebp', path, '-pam', '-o', '-'], capture_output=True)
    if r.returncode != 0:
        return None
    header, pixels = r.stdout.split(b'ENDHDR\n', 1)
    f = dict(l.split(b' ', 1) for l in header.split(b'\n')[1:] if b' ' in l)
    w, h = int(f[b'WIDTH']), int(f[b'HEIGHT'])
    if not alpha:
        pixels = b''.join(pixels[i:i + 3] for i in range(0, len(pixels), 4))
    return '%dx%d %s' % (w, h, hashlib.sha256(pixels).hexdigest())


def pillow(path, alpha):
    try:
        im = Image.open(path)
        im.load()
    except Exception:
        return None
    mode = 'RGBA' if alpha else 'RGB'
    return '%dx%d %s' % (im.size[0], im.size[1], hashlib.sha256(im.convert(mode).tobytes()).hexdigest())


shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
seeds = sorted(f for f in os.listdir(SEEDS) if f.endswith('.webp') and not f.startswith(('mutant-', 'cut-', 'fuzz-')))
rows, disagree = [], 0
for seed in seeds:
    d = open(os.path.join(SEEDS, seed), 'rb').read()
    if d[12:16] != b'VP8L' or len(d) > 20000:
        continue
    start = 25
    for i in range(per_seed):
        if random.random() < 0.85:
            m = bytearray(d)
            for _ in range(random.randint(1, 4)):
                at = random.randrange(start, len(d))
                if random.random() < 0.6:
                    m[at] ^= 1 << random.randrange(8)
                else:
                    m[at] = random.randrange(256)
            how = 'bytes changed'
        else:
            keep = random.randrange(start, len(d) - 1)
            m = bytearray(d[:keep])
            size = keep - 20
            m[4:8] = struct.pack('<I', keep - 8 + (size & 1))
            m[16:20] = struct.pack('<I', size)
            if size & 1:
                m.append(0)
            how = 'cut to %d bytes' % keep
        name = '%s-%04d.webp' % (seed[:-5], i)
        path = os.path.join(OUT, name)
        open(path, 'wb').write(m)
        a = alpha_bit(m)
        v1, v2 = dwebp(path, a), pillow(path, a)
        if v1 != v2:
            disagree += 1
            os.remove(path)
            continue
        rows.append((name, 'ok' if v1 else 'refused', v1 or '', how))
with open(os.path.join(OUT, 'expected.tsv'), 'w') as f:
    f.write('# file\tverdict of dwebp and Pillow\tsize and SHA-256\thow\n')
    for r in rows:
        f.write('\t'.join(r) + '\n')
print('%d mutants (%d decoded by libwebp, %d refused); %d where dwebp and Pillow disagree left out'
      % (len(rows), sum(r[1] == 'ok' for r in rows), sum(r[1] == 'refused' for r in rows), disagree))
sys.exit(subprocess.run(['mvn', '-o', '-q', '-B', '-pl', 'pixelprep-io', '-am', 'test', '-Dtest=LosslessWebpTest#externalCorpus',
                         '-Dsurefire.failIfNoSpecifiedTests=false', '-Dpixelprep.webpCorpus=' + OUT], cwd=ROOT).returncode)
