#!/usr/bin/python3
"""Builds the lossless WebP test corpus and what libwebp makes of it.

Run from this directory with Debian's webp 1.2.4 (cwebp, dwebp) and python3-pil 9.4.0 installed:

    /usr/bin/python3 generate.py

1. Seeds: crops of the repository's test photos (../../images: chelsea.png CC0, rocket.jpg public domain,
   page.png BSD-3-Clause) encoded by cwebp with settings that between them use every VP8L feature: each transform,
   colour cache sizes, palettes of 2, 3, 11 and 200 colours (all four pixel-packing widths), alpha, widths of 1 to 8
   (where libwebp clamps distances), a full-size photo.
2. Mutants: copies of the small seeds with bytes of the VP8L bitstream changed (the RIFF and chunk sizes kept) or cut
   short (sizes fixed up), so that the bitstream, not the container, is what is wrong.
3. expected.tsv: for every file, dwebp's verdict and, when it decodes, the SHA-256 of its pixels: RGBA when libwebp
   says the image has alpha (WebPGetFeatures, as Pillow uses it), else RGB; for the lossy files with an ALPH plane
   (verdict "alpha"), of the alpha plane alone. Pillow's decode of every seed is checked against dwebp's here.
"""
import hashlib, os, random, struct, subprocess, tempfile
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES = os.path.join(HERE, '..', '..', 'images')
random.seed(20261202)


def crop(name, box, mode='RGB'):
    im = Image.open(os.path.join(IMAGES, name)).convert(mode)
    return im.crop(box) if box else im


def posterize(im, colours):
    return im.quantize(colours, dither=Image.Dither.NONE).convert('RGB')


def with_alpha(im):
    a = Image.linear_gradient('L').resize(im.size)
    out = im.convert('RGBA')
    out.putalpha(a)
    return out


SEEDS = [
    # name, image, cwebp arguments
    ('photo-z0', lambda: crop('chelsea.png', (130, 40, 194, 88)), ['-lossless', '-z', '0']),
    ('photo-z6', lambda: crop('chelsea.png', (130, 40, 194, 88)), ['-lossless', '-z', '6']),
    ('photo-z9', lambda: crop('chelsea.png', (100, 20, 197, 81)), ['-lossless', '-z', '9']),
    ('photo-m0q0', lambda: crop('rocket.jpg', (200, 100, 280, 160)), ['-lossless', '-m', '0', '-q', '0']),
    ('photo-m6q100', lambda: crop('rocket.jpg', (200, 100, 280, 160)), ['-lossless', '-m', '6', '-q', '100']),
    ('photo-near60', lambda: crop('chelsea.png', (130, 40, 194, 88)), ['-lossless', '-near_lossless', '60']),
    ('gray-page', lambda: crop('page.png', (0, 0, 120, 90)), ['-lossless', '-z', '9']),
    ('palette-2', lambda: posterize(crop('chelsea.png', (130, 40, 183, 77)), 2), ['-lossless', '-z', '9']),
    ('palette-3', lambda: posterize(crop('chelsea.png', (130, 40, 183, 77)), 3), ['-lossless', '-z', '9']),
    ('palette-11', lambda: posterize(crop('chelsea.png', (130, 40, 183, 77)), 11), ['-lossless', '-z', '9']),
    ('palette-200', lambda: posterize(crop('chelsea.png', (100, 20, 197, 81)), 200), ['-lossless', '-z', '9']),
    ('alpha-exact', lambda: with_alpha(crop('chelsea.png', (130, 40, 178, 72))), ['-lossless', '-exact', '-z', '9']),
    ('alpha', lambda: with_alpha(crop('chelsea.png', (130, 40, 178, 72))), ['-lossless', '-z', '6']),
    ('width1', lambda: crop('chelsea.png', (150, 40, 151, 77)), ['-lossless', '-z', '9']),
    ('width3', lambda: crop('chelsea.png', (150, 40, 153, 77)), ['-lossless', '-z', '9']),
    ('width8', lambda: crop('chelsea.png', (150, 40, 158, 77)), ['-lossless', '-z', '9']),
    ('height1', lambda: crop('chelsea.png', (100, 40, 197, 41)), ['-lossless', '-z', '9']),
    ('full-chelsea', lambda: crop('chelsea.png', None), ['-lossless']),
]
# lossy colour with a lossless or raw ALPH plane: only the alpha plane is compared (the colour goes through the
# Java VP8 decoder, which is close to but not exactly libwebp); filters none, horizontal..gradient via -alpha_filter
# (alpha from a textured crop's luminance, or that blurred: cwebp then picks the vertical and horizontal filters)
ALPHA_SEEDS = [
    ('lossy-alpha-gradient', 'ramp', ['-q', '80', '-alpha_filter', 'best', '-alpha_method', '1']),
    ('lossy-alpha-vertical', 'texture', ['-q', '80', '-alpha_filter', 'best', '-alpha_method', '1']),
    ('lossy-alpha-horizontal', 'blurred', ['-q', '80', '-alpha_filter', 'best', '-alpha_method', '1']),
    ('lossy-alpha-none', 'texture', ['-q', '80', '-alpha_filter', 'none', '-alpha_method', '1']),
    ('lossy-alpha-raw', 'texture', ['-q', '80', '-alpha_method', '0']),
    ('lossy-alpha-levels', 'texture', ['-q', '80', '-alpha_q', '50', '-alpha_filter', 'best']),
]
# raw (method 0) ALPH planes filtered here with each of libwebp's three filters (cwebp never picks the gradient
# filter on these crops); dwebp's decode is the reference
RAW_FILTERED = [('alpha-raw-filter1', 1), ('alpha-raw-filter2', 2), ('alpha-raw-filter3', 3)]
MUTATED = ['photo-z0', 'photo-z9', 'palette-3', 'palette-200', 'alpha-exact', 'width3']
MUTANTS_PER_SEED = 30
CUTS_PER_SEED = 6


def dwebp(path):
    """(ok, sha256) of dwebp's decode, RGBA or RGB as libwebp's has_alpha says."""
    with tempfile.TemporaryDirectory() as t:
        out = os.path.join(t, 'o.pam')
        r = subprocess.run(['dwebp', path, '-pam', '-o', out], capture_output=True)
        if r.returncode != 0:
            return False, ''
        data = open(out, 'rb').read()
    header, pixels = data.split(b'ENDHDR\n', 1)
    fields = dict(l.split(b' ', 1) for l in header.split(b'\n')[1:] if b' ' in l)
    w, h = int(fields[b'WIDTH']), int(fields[b'HEIGHT'])
    assert len(pixels) == w * h * 4
    if not has_alpha(path):
        pixels = b''.join(pixels[i:i + 3] for i in range(0, len(pixels), 4))
    return True, '%dx%d %s' % (w, h, hashlib.sha256(pixels).hexdigest())


def alpha_of(im, kind):
    src = Image.open(os.path.join(IMAGES, 'chelsea.png')).convert('L').crop((200, 100, 200 + im.size[0], 100 + im.size[1]))
    a = {'ramp': Image.linear_gradient('L').resize(im.size), 'texture': src,
         'blurred': src.resize((16, 12)).resize(im.size, Image.BILINEAR)}[kind]
    out = im.convert('RGBA')
    out.putalpha(a)
    return out


def refilter(webp, f):
    """The file with its raw ALPH plane forward-filtered by libwebp's filter f (header filter bits set)."""
    d = bytearray(webp)
    p = 12
    while True:
        n = struct.unpack('<I', d[p + 4:p + 8])[0]
        if d[p:p + 4] == b'ALPH':
            break
        p += 8 + n + (n & 1)
    w = 1 + int.from_bytes(d[24:27], 'little')
    h = 1 + int.from_bytes(d[27:30], 'little')
    assert d[p + 8] & 3 == 0 and (d[p + 8] >> 2) & 3 == 0
    a = d[p + 9:p + 9 + w * h]
    out = bytearray(len(a))
    for y in range(h):
        for x in range(w):
            i = y * w + x
            if y == 0:
                pred = a[i - 1] if x > 0 else 0
            elif x == 0:
                pred = a[i - w]
            elif f == 1:
                pred = a[i - 1]
            elif f == 2:
                pred = a[i - w]
            else:
                pred = min(255, max(0, a[i - 1] + a[i - w] - a[i - w - 1]))
            out[i] = (a[i] - pred) & 0xFF
    d[p + 9:p + 9 + w * h] = out
    d[p + 8] |= f << 2
    return bytes(d)


def dwebp_alpha(path):
    """SHA-256 of dwebp's alpha plane."""
    with tempfile.TemporaryDirectory() as t:
        out = os.path.join(t, 'o.pam')
        subprocess.run(['dwebp', path, '-pam', '-o', out], check=True, capture_output=True)
        data = open(out, 'rb').read()
    header, pixels = data.split(b'ENDHDR\n', 1)
    fields = dict(l.split(b' ', 1) for l in header.split(b'\n')[1:] if b' ' in l)
    w, h = int(fields[b'WIDTH']), int(fields[b'HEIGHT'])
    return '%dx%d %s' % (w, h, hashlib.sha256(pixels[3::4]).hexdigest())


def has_alpha(path):
    """libwebp's WebPGetFeatures has_alpha for a still lossless file: the VP8L header's alpha bit."""
    d = open(path, 'rb').read()
    p = 12
    while p + 8 <= len(d):
        fourcc, size = d[p:p + 4], struct.unpack('<I', d[p + 4:p + 8])[0]
        if fourcc == b'VP8L':
            bits = struct.unpack('<I', d[p + 9:p + 13])[0]
            return (bits >> 28) & 1 == 1
        p += 8 + size + (size & 1)
    raise ValueError(path)


def write(name, data):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


def main():
    rows = []
    with tempfile.TemporaryDirectory() as t:
        for name, make, args in SEEDS:
            src = os.path.join(t, name + '.png')
            make().save(src)
            out = os.path.join(HERE, name + '.webp')
            subprocess.run(['cwebp', '-quiet'] + args + [src, '-o', out], check=True)
            ok, digest = dwebp(out)
            assert ok, name
            # Pillow (libwebp too) must agree with dwebp on every seed
            im = Image.open(out)
            mode = 'RGBA' if has_alpha(out) else 'RGB'
            assert im.mode == mode, (name, im.mode)
            assert hashlib.sha256(im.convert(mode).tobytes()).hexdigest() == digest.split(' ')[1], name
            rows.append((name + '.webp', 'ok', digest, 'cwebp ' + ' '.join(args)))
        for name, kind, args in ALPHA_SEEDS:
            src = os.path.join(t, name + '.png')
            alpha_of(crop('chelsea.png', (130, 40, 194, 88)), kind).save(src)
            out = os.path.join(HERE, name + '.webp')
            subprocess.run(['cwebp', '-quiet'] + args + [src, '-o', out], check=True)
            digest = dwebp_alpha(out)
            im = Image.open(out)
            assert hashlib.sha256(im.getchannel('A').tobytes()).hexdigest() == digest.split(' ')[1], name
            rows.append((name + '.webp', 'alpha', digest, 'cwebp ' + ' '.join(args)))
        raw = open(os.path.join(HERE, 'lossy-alpha-raw.webp'), 'rb').read()
        raw_digest = dict((r[0], r[2]) for r in rows)['lossy-alpha-raw.webp']
        for name, f in RAW_FILTERED:
            out = os.path.join(HERE, name + '.webp')
            open(out, 'wb').write(refilter(raw, f))
            digest = dwebp_alpha(out)
            assert digest == raw_digest, name  # the same plane as the unfiltered raw file
            rows.append((name + '.webp', 'alpha', digest, 'lossy-alpha-raw.webp with its raw ALPH plane filtered (filter %d)' % f))
    for seed in MUTATED:
        d = bytearray(open(os.path.join(HERE, seed + '.webp'), 'rb').read())
        assert d[12:16] == b'VP8L'
        start, end = 12 + 8 + 5, len(d)
        for i in range(MUTANTS_PER_SEED):
            m = bytearray(d)
            for _ in range(random.randint(1, 3)):
                at = random.randrange(start, end)
                if random.random() < 0.5:
                    m[at] ^= 1 << random.randrange(8)
                else:
                    m[at] = random.randrange(256)
            name = 'mutant-%s-%02d.webp' % (seed, i)
            write(name, m)
            ok, digest = dwebp(os.path.join(HERE, name))
            rows.append((name, 'ok' if ok else 'refused', digest, 'bytes changed'))
        for i in range(CUTS_PER_SEED):
            keep = random.randrange(start, end - 1)
            m = bytearray(d[:keep])
            size = keep - 20
            m[4:8] = struct.pack('<I', keep - 8 + (size & 1))
            m[16:20] = struct.pack('<I', size)
            if size & 1:
                m.append(0)
            name = 'cut-%s-%02d.webp' % (seed, i)
            write(name, m)
            ok, digest = dwebp(os.path.join(HERE, name))
            rows.append((name, 'ok' if ok else 'refused', digest, 'cut to %d bytes' % keep))
    with open(os.path.join(HERE, 'expected.tsv'), 'w') as f:
        f.write('# file\tdwebp (libwebp 1.2.4)\tsize and SHA-256 of RGBA (alpha) or RGB pixels\thow it was made\n')
        for r in rows:
            f.write('\t'.join(r) + '\n')
    print(len(rows), 'files;', sum(r[1] == 'refused' for r in rows), 'refused by dwebp')


main()
