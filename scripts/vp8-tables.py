#!/usr/bin/python3
"""Writes the constant tables of the VP8 format (RFC 6386) that our lossy WebP decoder reads.

The numbers are the format's own: default token probabilities (RFC 6386 section 13.5), token probability update
probabilities (13.4), key-frame sub-block mode probabilities (11.5), and the DC and AC dequantisation tables (14.1).
They are taken from libwebp's decoder, which carries the RFC's tables, so that the decoder is checked against the
library it must agree with:

    scripts/vp8-tables.py LIBWEBP_CHECKOUT > pixelprep-io/src/main/resources/dev/pixelprep/io/vp8-tables.txt

(LIBWEBP_CHECKOUT: a git checkout or bare mirror of https://github.com/webmproject/libwebp; the commit used is
written into the output.)
"""
import os, re, subprocess, sys

repo = sys.argv[1]


def source(path):
    if os.path.isdir(os.path.join(repo, 'src')):
        with open(os.path.join(repo, path)) as f:
            return f.read()
    return subprocess.run(['git', '-C', repo, 'show', 'HEAD:' + path], check=True, capture_output=True,
                          text=True).stdout


def table(text, name, count):
    m = re.search(r'\b' + name + r'\b[^=]*=\s*\{', text)
    if not m:
        sys.exit('table %s not found' % name)
    depth, i = 1, m.end()
    while depth:
        depth += {'{': 1, '}': -1}.get(text[i], 0)
        i += 1
    body = re.sub(r'//[^\n]*', '', text[m.end():i - 1])
    values = [int(v) for v in re.findall(r'\b\d+\b', body)]
    if len(values) != count:
        sys.exit('table %s: %d values, expected %d' % (name, len(values), count))
    return values


commit = subprocess.run(['git', '-C', repo, 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()
tree = source('src/dec/tree_dec.c')
quant = source('src/dec/quant_dec.c')
print('# VP8 constant tables (RFC 6386), written by scripts/vp8-tables.py from libwebp ' + (commit or '(no commit)'))
print('# each table: a line "name count", then its values in C order, 16 per line')
print('#')
print('# The values are copied from libwebp (src/dec/tree_dec.c, src/dec/quant_dec.c), whose licence follows:')
print('#')
for line in source('COPYING').rstrip().split('\n'):
    print(('# ' + line).rstrip())
for name, text, count in [('CoeffsProba0', tree, 4 * 8 * 3 * 11), ('CoeffsUpdateProba', tree, 4 * 8 * 3 * 11),
                          ('kBModesProba', tree, 10 * 10 * 9), ('kDcTable', quant, 128), ('kAcTable', quant, 128)]:
    values = table(text, name, count)
    print(name, count)
    for k in range(0, count, 16):
        print(' '.join(str(v) for v in values[k:k + 16]))
