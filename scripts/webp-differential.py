#!/usr/bin/python3
"""Differential campaign: our lossless (or, with --lossy, lossy) WebP decoder against libwebp on mutated files.

    /usr/bin/python3 scripts/webp-differential.py [--lossy] [MUTANTS_PER_SEED] [SEED]

Needs Debian's webp (dwebp) and python3-pil. Takes every cwebp-made seed of the test corpus
(pixelprep-io/src/test/resources/webp/lossless/*.webp that is not a mutant or cut), writes MUTANTS_PER_SEED
(default 300) copies of each with 1 to 4 bytes of the VP8L bitstream changed, or cut short with the sizes fixed up,
to pixelprep-io/target/webp-differential/, asks dwebp and Pillow (both libwebp 1.2.4) for their verdicts, and runs
LosslessWebpTest#externalCorpus over the files on which the two agree: pixelprep must refuse what they refuse and
give their pixels (SHA-256) where they decode. Prints the counts; exit status is Maven's.

With --lossy the seeds are those of pixelprep-io/src/test/resources/webp/lossy (VP8, some with an ALPH chunk, whose
verdicts are then RGBA), the bytes changed or cut are those of the VP8 chunk after its 10-byte frame header, the
files go to pixelprep-io/target/webp-differential-lossy/ and the test run is LossyWebpTest#externalCorpus (while
there is no such test class the corpus is only written).
"""
import hashlib, os, random, shutil, struct, subprocess, sys
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOSSY = '--lossy' in sys.argv[1:]
args = [a for a in sys.argv[1:] if a != '--lossy']
SEEDS = os.path.join(ROOT, 'pixelprep-io/src/test/resources/webp', 'lossy' if LOSSY else 'lossless')
OUT = os.path.join(ROOT, 'pixelprep-io/target', 'webp-differential-lossy' if LOSSY else 'webp-differential')
TEST = 'LossyWebpTest' if LOSSY else 'LosslessWebpTest'
per_seed = int(args[0]) if len(args) > 0 else 300
random.seed(int(args[1]) if len(args) > 1 else 1)


def alpha_bit(d):
    return (struct.unpack('<I', d[21:25])[0] >> 28) & 1 == 1


def chunks(d):
    p = 12
    while p + 8 <= len(d):
        n = struct.unpack('<I', d[p + 4:p + 8])[0]
        yield d[p:p + 4], p + 8, n
        p += 8 + n + (n & 1)


def vp8(d):
    """Offset and size of the VP8 chunk's payload, or None."""
    return next(((p, n) for fourcc, p, n in chunks(d) if fourcc == b'VP8 '), None)


def has_alpha(d):
    """WebPGetFeatures' has_alpha for a lossy file: the VP8X alpha flag, or an ALPH chunk."""
    return d[12:16] == b'VP8X' and (d[20] & 0x10 != 0 or any(c[0] == b'ALPH' for c in chunks(d)))


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
seeds = sorted(f for f in os.listdir(SEEDS) if f.endswith('.webp') and not f.startswith(
    ('mutant-', 'cut-', 'fuzz-', 'tokens-cut-', 'table-', 'header-', 'trailing-')))
rows, disagree = [], 0
for seed in seeds:
    d = open(os.path.join(SEEDS, seed), 'rb').read()
    if (vp8(d) is None if LOSSY else d[12:16] != b'VP8L') or len(d) > 20000:
        continue
    if LOSSY:
        c, n = vp8(d)
        start, end = c + 10, c + n  # after the frame header, to the end of the chunk
    else:
        c, start, end = 20, 25, len(d)
    for i in range(per_seed):
        if random.random() < 0.85:
            m = bytearray(d)
            for _ in range(random.randint(1, 4)):
                at = random.randrange(start, end)
                if random.random() < 0.6:
                    m[at] ^= 1 << random.randrange(8)
                else:
                    m[at] = random.randrange(256)
            how = 'bytes changed'
        else:
            keep = random.randrange(start, end - 1)
            m = bytearray(d[:keep])
            size = keep - c
            m[4:8] = struct.pack('<I', keep - 8 + (size & 1))
            m[c - 4:c] = struct.pack('<I', size)
            if size & 1:
                m.append(0)
            how = 'cut to %d bytes' % keep
        name = '%s-%04d.webp' % (seed[:-5], i)
        path = os.path.join(OUT, name)
        open(path, 'wb').write(m)
        a = has_alpha(m) if LOSSY else alpha_bit(m)
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
if not os.path.exists(os.path.join(ROOT, 'pixelprep-io/src/test/java/dev/pixelprep/io', TEST + '.java')):
    sys.exit('no %s yet: the corpus is in %s, no test run' % (TEST, OUT))
sys.exit(subprocess.run(['mvn', '-o', '-q', '-B', '-pl', 'pixelprep-io', '-am', 'test', '-Dtest=%s#externalCorpus' % TEST,
                         '-Dsurefire.failIfNoSpecifiedTests=false', '-Dpixelprep.webpCorpus=' + OUT], cwd=ROOT).returncode)
