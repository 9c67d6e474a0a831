#!/usr/bin/python3
"""Builds the lossy WebP (VP8) test corpus and what libwebp makes of it.

Run from this directory with Debian's webp 1.2.4 (cwebp, dwebp, webpinfo, libwebp7) and python3-pil 9.4.0 installed:

    /usr/bin/python3 generate.py

1. Seeds: crops of the repository's test photos (../../images: chelsea.png CC0, rocket.jpg public domain,
   page.png BSD-3-Clause) encoded by cwebp with settings that between them use every VP8 feature cwebp writes:
   sizes of 1x1, 1xN, Nx1 and 2x2 and odd sizes that are not whole macroblocks, the loop filter off, simple and
   normal at several levels and sharpnesses, 1 and 4 segments, spatial noise shaping off and full, qualities 0 to
   100, methods 0 and 6, sharp RGB->YUV, a grey page, a flat image (macroblocks skipped), a larger photo, and alpha
   (an ALPH chunk, lossless or with levels reduced, filtered or not). cwebp 1.2.4 has no option for token
   partitions, so the seeds with 2, 4 and 8 of them are made by the same libwebp (libwebp.so.7) through ctypes with
   WebPConfig.partitions set; with partitions 0 that path gives cwebp's very bytes (checked here). What webpinfo
   -bitstream_info reads in each seed (filter, level, sharpness, segments, partitions) is in expected.tsv.
2. Mutants: copies of the small seeds with bytes of the VP8 bitstream changed (the RIFF and chunk sizes kept) in
   partition 0, the partition size table or the token partitions, with an entry of the size table one off, or with
   a field of the frame header changed; cut short with the RIFF and chunk sizes fixed up, so that the container is
   valid and the bitstream ends early; with only the token data cut (one token partition shorter, its entry in the
   size table too), where libwebp runs out of tokens (NOT_ENOUGH_DATA, "Premature end-of-file") or, within the bool
   decoder's last bytes, does not; and with bytes after the VP8 chunk. libwebp's VP8 decoder (WebPDecode on the
   file, as dwebp calls it) reads the last token partition to the end of the file, not of the chunk: the pad byte
   after an odd chunk, later chunks and bytes past the RIFF's end are token data to it (not to Pillow, which goes
   through WebPDemux: the how-it-was-made column says where Pillow's verdict differs).
3. expected.tsv: for every file, dwebp's verdict (its default: not incremental, fancy upsampling, no dithering) and,
   when it decodes, the size and SHA-256 of its pixels: RGBA when libwebp says the image has alpha (WebPGetFeatures:
   the VP8X alpha flag or an ALPH chunk, as Pillow uses it), else RGB; when it refuses, its exit status and the
   status word it prints. Pillow's decode of every seed is checked against dwebp's here. Where Pillow's verdict on
   a mutant differs (only files with bytes after the VP8 chunk), a fifth column gives it: "refused", or "ok" with
   its size and SHA-256. pixelprep decodes as Pillow does (the chunk and its pad byte), so its tests take that one.
"""
import ctypes, hashlib, os, random, re, struct, subprocess, tempfile
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES = os.path.join(HERE, '..', '..', 'images')
random.seed(20261204)


def crop(name, box, mode='RGB'):
    im = Image.open(os.path.join(IMAGES, name)).convert(mode)
    im = im.crop(box) if box else im
    im.info = {}  # no ICC profile in the PNG handed to cwebp (it ignores it; libpng warns about chelsea's)
    return im


def flat(size):
    """One colour all over: chelsea's average over a patch of fur."""
    return Image.new('RGB', size, crop('chelsea.png', FUR).resize((1, 1), Image.BOX).getpixel((0, 0)))


def with_alpha(im, radial=False):
    """The crop with an alpha plane: the photo's luminance elsewhere (cwebp filters it vertically), or a radial
    ramp (horizontally with -alpha_filter fast, by the gradient with best)."""
    a = Image.radial_gradient('L').resize(im.size) if radial else crop(
        'chelsea.png', (200, 100, 200 + im.size[0], 100 + im.size[1]), 'L')
    out = im.convert('RGBA')
    out.putalpha(a)
    return out


FUR = (130, 40, 194, 88)  # 64x48, chelsea's fur and an eye
ROCKET = (280, 320, 360, 380)  # 80x60, the foot of the rocket, its lights and the launch tower
SEEDS = [
    # name, image, cwebp arguments
    ('size-1x1', lambda: crop('chelsea.png', (150, 60, 151, 61)), []),
    ('size-1x40', lambda: crop('chelsea.png', (150, 40, 151, 80)), []),
    ('size-97x1', lambda: crop('chelsea.png', (100, 60, 197, 61)), []),
    ('size-2x2', lambda: crop('chelsea.png', (150, 60, 152, 62)), []),
    ('odd-17x13', lambda: crop('chelsea.png', (130, 40, 147, 53)), ['-strong', '-f', '100', '-sharpness', '3']),
    ('odd-33x9', lambda: crop('chelsea.png', (140, 50, 173, 59)), ['-nostrong', '-f', '20']),
    ('odd-15x31', lambda: crop('rocket.jpg', (300, 150, 315, 181)), ['-strong', '-f', '20', '-sharpness', '7']),
    ('filter-off', lambda: crop('chelsea.png', FUR), ['-f', '0']),
    ('filter-simple', lambda: crop('chelsea.png', FUR), ['-nostrong']),
    ('filter-simple-f100-sharp7', lambda: crop('chelsea.png', FUR), ['-nostrong', '-f', '100', '-sharpness', '7']),
    ('filter-simple-f20-sharp3', lambda: crop('chelsea.png', FUR), ['-nostrong', '-f', '20', '-sharpness', '3']),
    ('filter-normal-f100', lambda: crop('chelsea.png', FUR), ['-strong', '-f', '100']),
    ('filter-normal-f20-sharp7', lambda: crop('chelsea.png', FUR), ['-strong', '-f', '20', '-sharpness', '7']),
    ('segments-1', lambda: crop('chelsea.png', FUR), ['-segments', '1']),
    ('segments-4-sns100', lambda: crop('chelsea.png', FUR), ['-segments', '4', '-sns', '100']),
    ('sns-0', lambda: crop('chelsea.png', FUR), ['-sns', '0']),
    ('q0', lambda: crop('rocket.jpg', ROCKET), ['-q', '0']),
    ('q50', lambda: crop('rocket.jpg', ROCKET), ['-q', '50']),
    ('q95', lambda: crop('rocket.jpg', ROCKET), ['-q', '95']),
    ('q100', lambda: crop('rocket.jpg', ROCKET), ['-q', '100']),
    ('q100-small', lambda: crop('chelsea.png', (150, 50, 174, 66)), ['-q', '100']),
    ('m0', lambda: crop('rocket.jpg', ROCKET), ['-m', '0']),
    ('m6', lambda: crop('rocket.jpg', ROCKET), ['-m', '6']),
    ('sharp-yuv', lambda: crop('chelsea.png', FUR), ['-sharp_yuv']),
    ('gray-page', lambda: crop('page.png', (0, 0, 120, 90), 'L'), []),
    ('flat', lambda: flat((128, 96)), []),
    ('photo-200x150', lambda: crop('rocket.jpg', (200, 270, 400, 420)), []),
    ('alpha-q100', lambda: with_alpha(crop('chelsea.png', (130, 40, 178, 72))), ['-alpha_q', '100']),
    ('alpha-q50', lambda: with_alpha(crop('chelsea.png', (130, 40, 178, 72))), ['-alpha_q', '50']),
    ('alpha-filter-fast', lambda: with_alpha(crop('chelsea.png', (130, 40, 178, 72)), True), ['-alpha_filter', 'fast']),
    ('alpha-filter-best', lambda: with_alpha(crop('chelsea.png', (130, 40, 178, 72)), True), ['-alpha_filter', 'best']),
    ('alpha-raw', lambda: with_alpha(crop('chelsea.png', (130, 40, 178, 72))), ['-alpha_method', '0']),
]
# several token partitions (libwebp writes them only without its token buffer: method 0 to 2, or low_memory):
# name, image, the cwebp arguments that give the same file with one partition, the WebPConfig fields for those
# arguments, log2 of the number of partitions
PARTITION_SEEDS = [
    ('partitions-2', lambda: crop('chelsea.png', FUR), ['-low_memory'], {'low_memory': 1}, 1),
    ('partitions-4', lambda: crop('rocket.jpg', ROCKET), ['-m', '2'], {'method': 2}, 2),
    ('partitions-4-of-2-rows', lambda: crop('chelsea.png', (130, 40, 170, 64)), ['-m', '2'], {'method': 2}, 2),
    ('partitions-8', lambda: crop('rocket.jpg', (300, 100, 316, 236)), ['-m', '0'], {'method': 0}, 3),
]
MUTATED = ['odd-17x13', 'odd-33x9', 'size-2x2', 'flat', 'q100-small', 'alpha-q50', 'partitions-2',
           'partitions-8']
# frame header fields changed: all of them in a plain VP8 file, the size in one whose VP8X gives the canvas
HEADER_MUTATED = {'odd-17x13': None, 'alpha-q50': ['x-scale-3', 'width-minus-1', 'height-plus-16']}
BYTE_MUTANTS = ['partition 0'] * 4 + ['token partitions'] * 4  # per seed, and 1 in the size table where it has one
CUTS_PER_SEED = 2  # at random, besides the cuts at the edges of the headers and partitions
TRAILING = ['odd-17x13', 'alpha-q50', 'partitions-2']


# libwebp's encoder API (src/webp/encode.h of 1.2.4, WEBP_ENCODER_ABI_VERSION 0x020f)
ABI = 0x020f


class WebPConfig(ctypes.Structure):
    _fields_ = [(n, ctypes.c_float if n in ('quality', 'target_PSNR') else ctypes.c_int) for n in (
        'lossless quality method image_hint target_size target_PSNR segments sns_strength filter_strength '
        'filter_sharpness filter_type autofilter alpha_compression alpha_filtering alpha_quality pass '
        'show_compressed preprocessing partitions partition_limit emulate_jpeg_size thread_level low_memory '
        'near_lossless exact use_delta_palette use_sharp_yuv qmin qmax').split()]


class WebPMemoryWriter(ctypes.Structure):
    _fields_ = [('mem', ctypes.c_void_p), ('size', ctypes.c_size_t), ('max_size', ctypes.c_size_t),
                ('pad', ctypes.c_uint32 * 1)]


class WebPPicture(ctypes.Structure):
    P, I, U = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32
    _fields_ = [('use_argb', I), ('colorspace', I), ('width', I), ('height', I), ('y', P), ('u', P), ('v', P),
                ('y_stride', I), ('uv_stride', I), ('a', P), ('a_stride', I), ('pad1', U * 2), ('argb', P),
                ('argb_stride', I), ('pad2', U * 3), ('writer', P), ('custom_ptr', P), ('extra_info_type', I),
                ('extra_info', P), ('stats', P), ('error_code', I), ('progress_hook', P), ('user_data', P),
                ('pad3', U * 3), ('pad4', P), ('pad5', P), ('pad6', U * 8), ('memory_', P), ('memory_argb_', P),
                ('pad7', P * 2)]


def libwebp_encode(png, fields):
    """The RGB PNG encoded as cwebp does it (default preset, quality 75, YUV picture imported from RGB), with the
    given WebPConfig fields."""
    lib = ctypes.CDLL('libwebp.so.7')
    config, picture, writer = WebPConfig(), WebPPicture(), WebPMemoryWriter()
    assert lib.WebPConfigInitInternal(ctypes.byref(config), 0, ctypes.c_float(75), ABI)
    for k, v in fields.items():
        setattr(config, k, v)
    assert lib.WebPValidateConfig(ctypes.byref(config))
    assert lib.WebPPictureInitInternal(ctypes.byref(picture), ABI)
    im = Image.open(png)
    assert im.mode == 'RGB'
    picture.width, picture.height = im.size
    assert lib.WebPPictureImportRGB(ctypes.byref(picture), im.tobytes(), 3 * im.size[0])
    lib.WebPMemoryWriterInit(ctypes.byref(writer))
    picture.writer = ctypes.cast(lib.WebPMemoryWrite, ctypes.c_void_p)
    picture.custom_ptr = ctypes.addressof(writer)
    assert lib.WebPEncode(ctypes.byref(config), ctypes.byref(picture)), picture.error_code
    data = ctypes.string_at(writer.mem, writer.size)
    lib.WebPMemoryWriterClear(ctypes.byref(writer))
    lib.WebPPictureFree(ctypes.byref(picture))
    return data


def chunks(d):
    """(fourcc, offset of the payload, size) of each chunk, as far as the file goes."""
    p = 12
    while p + 8 <= len(d):
        n = struct.unpack('<I', d[p + 4:p + 8])[0]
        yield d[p:p + 4], p + 8, n
        p += 8 + n + (n & 1)


def vp8(d):
    """Offset and size of the VP8 chunk's payload."""
    return next((p, n) for fourcc, p, n in chunks(d) if fourcc == b'VP8 ')


def has_alpha(d):
    """libwebp's WebPGetFeatures has_alpha for a lossy file: the VP8X alpha flag, or an ALPH chunk."""
    return d[12:16] == b'VP8X' and (d[20] & 0x10 != 0 or any(c[0] == b'ALPH' for c in chunks(d)))


def pad(size):
    """Said of a VP8 chunk of that size: libwebp reads the zero pad byte after an odd one as token data."""
    return ' (odd: a zero pad byte follows)' if size & 1 else ''


def dwebp_bytes(data):
    with tempfile.TemporaryDirectory() as t:
        path = os.path.join(t, 'f.webp')
        open(path, 'wb').write(data)
        return dwebp(path)


def dwebp(path):
    """dwebp's verdict: ('ok', size and SHA-256 of RGBA or RGB pixels) or ('refused', exit status and status word)."""
    with tempfile.TemporaryDirectory() as t:
        out = os.path.join(t, 'o.pam')
        r = subprocess.run(['dwebp', path, '-pam', '-o', out], capture_output=True)
        if r.returncode != 0:
            status = re.search(rb'\nStatus: \d+\((\w+)\)', r.stderr)
            assert r.returncode == 255 and status, (path, r.returncode, r.stderr)
            return 'refused', 'exit %d %s' % (r.returncode, status.group(1).decode())
        data = open(out, 'rb').read()
    header, pixels = data.split(b'ENDHDR\n', 1)
    fields = dict(l.split(b' ', 1) for l in header.split(b'\n')[1:] if b' ' in l)
    w, h = int(fields[b'WIDTH']), int(fields[b'HEIGHT'])
    assert len(pixels) == w * h * 4
    if not has_alpha(open(path, 'rb').read()):
        pixels = b''.join(pixels[i:i + 3] for i in range(0, len(pixels), 4))
    return 'ok', '%dx%d %s' % (w, h, hashlib.sha256(pixels).hexdigest())


def pillow(path, alpha):
    """Pillow's decode as dwebp's verdict says it, or None where it refuses the file."""
    try:
        im = Image.open(path)
        im.load()
    except Exception:
        return None
    mode = 'RGBA' if alpha else 'RGB'
    return '%dx%d %s' % (im.size[0], im.size[1], hashlib.sha256(im.convert(mode).tobytes()).hexdigest())


def webpinfo(path):
    """The fields webpinfo -bitstream_info prints (the last of each name)."""
    r = subprocess.run(['webpinfo', '-bitstream_info', path], check=True, capture_output=True, text=True)
    return dict(re.findall(r'^ +([A-Za-z0-9. -]+?): +(.*?) *$', r.stdout, re.M))


def features(info):
    """webpinfo's fields in a few words: loop filter, segments, quantiser, token partitions, alpha plane."""
    words = []
    if info['Level'] == '0':
        words.append('loop filter off')
    else:
        words.append('%s filter level %s sharpness %s' % ('simple' if info['Simple filter'] == '1' else 'normal',
                                                          info['Level'], info['Sharpness']))
    if info['Use segment'] == '1':
        words.append('segments (map %s, data %s, %s q %s, filter %s, map probabilities %s)' % (
            'updated' if info['Update map'] == '1' else 'kept', 'updated' if info['Update data'] == '1' else 'kept',
            'absolute' if info['Absolute delta'] == '1' else 'delta', info['Quantizer'], info['Filter strength'],
            info['Prob segment']))
    else:
        words.append('1 segment')
    dq = [info['DQ ' + k] for k in ('Y1 DC', 'Y2 DC', 'Y2 AC', 'UV DC', 'UV AC')]
    words.append('base q %s' % info['Base Q'] + (' (dq y1dc y2dc y2ac uvdc uvac %s)' % ' '.join(dq)
                                                 if dq != ['0'] * 5 else ''))
    n = int(info['Total partitions'])
    words.append('1 token partition' if n == 1 else '%d token partitions (%s)' % (
        n, ', '.join(info['Part. %d length' % i] for i in range(1, n)) + ', rest'))
    if 'Compression' in info:
        words.append('ALPH compression %s filter %s pre-processing %s' % (
            info['Compression'], info['Filter'], info['Pre-processing']))
    return '; '.join(words)


def layout(d, parts):
    """File offsets (start, end) of the VP8 frame header, partition 0, the partition size table and each token
    partition of a whole file with that many token partitions."""
    c, n = vp8(d)
    length0 = (d[c] | d[c + 1] << 8 | d[c + 2] << 16) >> 5
    table = c + 10 + length0
    at, tokens = table + 3 * (parts - 1), []
    for i in range(parts - 1):
        size = int.from_bytes(d[table + 3 * i:table + 3 * i + 3], 'little')
        tokens.append((at, at + size))
        at += size
    tokens.append((at, c + n))
    return {'header': (c, c + 10), 'partition 0': (c + 10, table), 'size table': (table, table + 3 * (parts - 1)),
            'token partitions': (table + 3 * (parts - 1), c + n), 'tokens': tokens}


def where(lay, keep):
    """Where in the bitstream a file cut to keep bytes ends."""
    (c, p0), (_, table), (_, tokens) = lay['header'], lay['partition 0'], lay['size table']
    if keep < p0:
        return 'in the frame header (%d of 10 bytes)' % (keep - c)
    if keep == p0:
        return 'after the frame header'
    if keep < table:
        return 'in partition 0 (%d of %d bytes)' % (keep - p0, table - p0)
    if keep == table:
        return 'at the end of partition 0'
    if keep < tokens:
        return 'in the size table (%d of %d bytes)' % (keep - table, tokens - table)
    for i, (start, end) in enumerate(lay['tokens']):
        if keep == start:
            return 'at the start of token partition %d' % i
    for i, (start, end) in enumerate(lay['tokens']):
        if start < keep <= end:
            return 'in token partition %d (%d of %d bytes)' % (i, keep - start, end - start)
    raise ValueError(keep)


def fix_sizes(m, c):
    """m with the VP8 chunk (payload at c, the file's last) and the RIFF sized to the end of m, padded to even."""
    m = bytearray(m)
    size = len(m) - c
    m[c - 4:c] = struct.pack('<I', size)
    if size & 1:
        m.append(0)
    m[4:8] = struct.pack('<I', len(m) - 8)
    return m


def shorten(d, lay, part, drop):
    """d with the last drop bytes of a token partition taken out, its size in the table and the chunk sizes fixed."""
    c, n = vp8(d)
    start, end = lay['tokens'][part]
    m = bytearray(d[:end - drop] + d[end:c + n])
    if part < len(lay['tokens']) - 1:
        at = lay['size table'][0] + 3 * part
        m[at:at + 3] = (end - start - drop).to_bytes(3, 'little')
    return fix_sizes(m, c)


def header_mutants(d):
    """(name, file) for fields of the VP8 frame header changed: the frame tag (key frame, profile, shown, length of
    partition 0), the start code, the 14-bit width and height and their 2-bit scales."""
    c, n = vp8(d)
    tag = d[c] | d[c + 1] << 8 | d[c + 2] << 16
    w, h = struct.unpack('<HH', d[c + 6:c + 10])
    out = []

    def with_tag(name, t):
        m = bytearray(d)
        m[c:c + 3] = t.to_bytes(3, 'little')
        out.append((name, m))

    def with_size(name, w2, h2):
        m = bytearray(d)
        m[c + 6:c + 10] = struct.pack('<HH', w2, h2)
        out.append((name, m))

    for profile in (1, 2, 3, 4, 7):
        with_tag('profile-%d' % profile, tag & ~0xe | profile << 1)
    with_tag('not-shown', tag & ~0x10)
    with_tag('interframe', tag | 1)
    length0 = tag >> 5
    for name, length in (('length0-minus-1', length0 - 1), ('length0-plus-1', length0 + 1),
                         ('length0-chunk-minus-10', n - 10), ('length0-chunk-minus-9', n - 9),
                         ('length0-chunk', n)):
        with_tag(name, tag & 0x1f | length << 5)
    m = bytearray(d)
    m[c + 5] ^= 1
    out.append(('start-code', m))
    with_size('x-scale-3', w | 0xc000, h)
    with_size('width-minus-1', w - 1, h)
    with_size('width-plus-16', w + 16, h)
    with_size('height-plus-16', w, h + 16)
    with_size('width-0', w & 0xc000, h)
    return out


def write(name, data):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


def main():
    for f in os.listdir(HERE):
        if f.endswith('.webp'):
            os.remove(os.path.join(HERE, f))
    rows, parts = [], {}
    with tempfile.TemporaryDirectory() as t:
        made = []
        for name, make, args in SEEDS:
            src = os.path.join(t, name + '.png')
            make().save(src)
            r = subprocess.run(['cwebp'] + args + [src, '-o', os.path.join(HERE, name + '.webp')], check=True,
                               capture_output=True, text=True)
            blocks = re.search(r'intra4: +(\d+).*intra16: +(\d+).*skipped: +(\d+)', r.stderr, re.S).groups()
            made.append((name, ('cwebp ' + ' '.join(args) if args else 'cwebp (its defaults)') +
                         '; cwebp: %s intra4, %s intra16, %s skipped macroblocks' % blocks))
        for name, make, args, fields, log2 in PARTITION_SEEDS:
            src = os.path.join(t, name + '.png')
            make().save(src)
            one = os.path.join(t, name + '.webp')
            subprocess.run(['cwebp', '-quiet'] + args + [src, '-o', one], check=True)
            assert libwebp_encode(src, fields) == open(one, 'rb').read(), name  # the ctypes path is cwebp's
            write(name + '.webp', libwebp_encode(src, dict(fields, partitions=log2)))
            made.append((name, 'libwebp WebPEncode as cwebp %s, with WebPConfig.partitions = %d' % (
                ' '.join(args), log2)))
    for name, how in made:
        out = os.path.join(HERE, name + '.webp')
        data = open(out, 'rb').read()
        verdict, digest = dwebp(out)
        assert verdict == 'ok', name
        # Pillow (libwebp too) must agree with dwebp on every seed
        im = Image.open(out)
        mode = 'RGBA' if has_alpha(data) else 'RGB'
        assert im.mode == mode, (name, im.mode)
        assert hashlib.sha256(im.convert(mode).tobytes()).hexdigest() == digest.split(' ')[1], name
        info = webpinfo(out)
        parts[name] = int(info['Total partitions'])
        rows.append((name + '.webp', 'ok', digest, how + '; webpinfo: ' + features(info)))
    seen = set()

    def mutant(name, m, how):
        key = bytes(m)
        if key in seen:
            return False
        seen.add(key)
        write(name, m)
        verdict, digest = dwebp(os.path.join(HERE, name))
        theirs = pillow(os.path.join(HERE, name), has_alpha(m))
        row = (name, verdict, digest, how)
        if theirs != (digest if verdict == 'ok' else None):
            # Pillow decodes through WebPDemux, which hands libwebp the VP8 chunk and its pad byte only
            how += '; Pillow (WebPDemux) ' + ('refuses it' if theirs is None else 'gives ' + theirs)
            row = (name, verdict, digest, how, 'refused' if theirs is None else 'ok ' + theirs)
        rows.append(row)
        return True

    for seed in MUTATED:
        d = open(os.path.join(HERE, seed + '.webp'), 'rb').read()
        seen.add(d)
        c, n = vp8(d)
        lay = layout(d, parts[seed])
        for i, region in enumerate(BYTE_MUTANTS + (['size table'] if parts[seed] > 1 else [])):
            start, end = lay[region]
            while True:
                m = bytearray(d)
                at = sorted(random.randrange(start, end) for _ in range(random.randint(1, 3)))
                for a in at:
                    if random.random() < 0.5:
                        m[a] ^= 1 << random.randrange(8)
                    else:
                        m[a] = random.randrange(256)
                if mutant('mutant-%s-%02d.webp' % (seed, i), m, 'bytes changed in %s (at %s)' % (
                        region if region == 'partition 0' else 'the ' + region, ', '.join(map(str, sorted(set(at)))))):
                    break
        if parts[seed] > 1:
            # a token partition's size one less or one more: it and the next are cut or grown by a byte
            i = 0
            for part in sorted({0, parts[seed] // 2 - 1}):
                for delta in (-1, 1):
                    m = bytearray(d)
                    at = lay['size table'][0] + 3 * part
                    size = int.from_bytes(m[at:at + 3], 'little')
                    m[at:at + 3] = (size + delta).to_bytes(3, 'little')
                    if mutant('table-%s-%02d.webp' % (seed, i), m, 'size table: token partition %d given %d bytes '
                              'instead of %d' % (part, size + delta, size)):
                        i += 1
        if seed in HEADER_MUTATED:
            for what, m in header_mutants(d):
                if HEADER_MUTATED[seed] and what not in HEADER_MUTATED[seed]:
                    continue
                mutant('header-%s-%s.webp' % (seed, what), m, 'frame header changed: %s' % what.replace('-', ' '))
        # cut with the sizes fixed up: at the edges of the frame header, partition 0, the size table and the last
        # token partition, then anywhere after the frame header (an odd size is followed by the zero pad byte, which
        # libwebp reads as token data: it reads the bitstream to the end of the file)
        p0, p0_end = lay['partition 0']
        keeps = [c + 8, c + 9, c + 10, (p0 + p0_end) // 2, p0_end - 10, p0_end - 9, p0_end - 1, p0_end,
                 p0_end + 1]
        if parts[seed] > 1:
            keeps += [lay['size table'][1] - 1, lay['size table'][1], lay['tokens'][-1][0]]
        keeps += sorted(random.randrange(c + 10, c + n - 1) for _ in range(CUTS_PER_SEED))
        i = 0
        for keep in keeps:
            if c < keep < c + n and mutant('cut-%s-%02d.webp' % (seed, i), fix_sizes(d[:keep], c),
                                           'VP8 chunk cut to %d bytes%s, %s' % (keep - c, pad(keep - c),
                                                                               where(lay, keep))):
                i += 1
        # only the token data cut: a few bytes, half or all but one byte of the first, a middle and the last
        # token partition
        i = 0
        tokens = lay['tokens']
        for part in sorted({0, len(tokens) // 2, len(tokens) - 1}):
            size = tokens[part][1] - tokens[part][0]
            for drop in sorted({1, 2, 3, size // 2, size - 1}):
                if 0 < drop < size and mutant('tokens-cut-%s-%02d.webp' % (seed, i), shorten(d, lay, part, drop),
                                              'token partition %d cut from %d to %d bytes%s' % (
                                                  part, size, size - drop, pad(n - drop))):
                    i += 1
        if seed in TRAILING:
            # bytes after the VP8 chunk are token data to libwebp: the file whole, and with its last token partition
            # cut by the fewest bytes that dwebp refuses (NOT_ENOUGH_DATA), then followed by other bytes
            last = len(tokens) - 1
            refused = ('refused', 'exit 255 NOT_ENOUGH_DATA')
            drop = next(k for k in range(1, 17) if dwebp_bytes(shorten(d, lay, last, k)) == refused)
            short = shorten(d, lay, last, drop)
            cut = 'token partition %d cut by %d bytes%s, refused as it is' % (last, drop, pad(n - drop))
            junk = bytes(range(0x80, 0x90))
            mutant('trailing-%s-after-riff.webp' % seed, d + junk, '16 bytes after the end of the RIFF')
            mutant('trailing-%s-cut-after-riff.webp' % seed, short + junk, cut + ', then 16 bytes after the end of '
                                                                                  'the RIFF')
            m = bytearray(short + b'JUNK' + struct.pack('<I', len(junk)) + junk)
            m[4:8] = struct.pack('<I', len(m) - 8)
            mutant('trailing-%s-cut-chunk.webp' % seed, m, cut + ', then an unknown 16-byte chunk')
            if (n - drop) & 1:
                m = bytearray(short)
                m[-1] = 0x80
                mutant('trailing-%s-cut-pad.webp' % seed, m, cut + ', with the pad byte 0x80')
            if d[12:16] == b'VP8X':
                m = bytearray(short + b'EXIF' + struct.pack('<I', len(junk)) + junk)
                m[4:8] = struct.pack('<I', len(m) - 8)
                m[20] |= 0x08
                mutant('trailing-%s-cut-exif.webp' % seed, m, cut + ', then a 16-byte EXIF chunk (flagged in VP8X)')
    with open(os.path.join(HERE, 'expected.tsv'), 'w') as f:
        f.write('# file\tdwebp (libwebp 1.2.4)\tsize and SHA-256 of RGBA (alpha) or RGB pixels, or dwebp\'s exit '
                'status and status word\thow it was made\tPillow\'s verdict where it differs (pixelprep follows Pillow)\n')
        for r in rows:
            f.write('\t'.join(r) + '\n')
    words = [r[1] if r[1] == 'ok' else r[2].split(' ')[2] for r in rows[len(made):]]
    print(len(made), 'seeds,', len(words), 'mutants:',
          ', '.join('%d %s' % (words.count(w), w) for w in sorted(set(words))))


main()
