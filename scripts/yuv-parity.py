#!/usr/bin/env python3
"""Camera-frame parity on photos kept outside the project (issue 15): each photo is made into I420, YV12, NV12 and
NV21 frames by OpenCV (cv2.cvtColor BGR2YUV_I420, planes interleaved as each format lays them out), converted back by
cv2.cvtColor(COLOR_YUV2RGB_*) and turned by cv2.rotate / cv2.flip, and compared with `pixelprep tensor --raw-format
... --yuv opencv --rotate ... --mirror` (identity uint8 HWC). Usage: /usr/bin/python3 scripts/yuv-parity.py IMAGE...
(Debian python3-opencv, python3-numpy; run from the repository root)."""
import cv2, numpy as np, subprocess, os, sys, tempfile
imgs = {os.path.splitext(os.path.basename(p))[0]: p for p in sys.argv[1:]}
tmp = tempfile.mkdtemp()
rots = {0: None, 90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
codes = {'I420': cv2.COLOR_YUV2RGB_I420, 'YV12': cv2.COLOR_YUV2RGB_YV12, 'NV12': cv2.COLOR_YUV2RGB_NV12, 'NV21': cv2.COLOR_YUV2RGB_NV21}
total = 0; bad = 0
for name, path in imgs.items():
    bgr = cv2.imread(path)
    h, w = bgr.shape[:2]; h -= h % 2; w -= w % 2
    bgr = bgr[:h, :w]
    i420 = cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV_I420).reshape(-1)
    Y = i420[:w*h]; U = i420[w*h:w*h + w*h//4]; V = i420[w*h + w*h//4:]
    frames = {'I420': np.concatenate([Y, U, V]), 'YV12': np.concatenate([Y, V, U])}
    uv = np.empty(U.size*2, np.uint8); uv[0::2] = U; uv[1::2] = V; frames['NV12'] = np.concatenate([Y, uv])
    vu = np.empty(U.size*2, np.uint8); vu[0::2] = V; vu[1::2] = U; frames['NV21'] = np.concatenate([Y, vu])
    for fmt, data in frames.items():
        raw = os.path.join(tmp, f'{name}.{fmt}'); data.tofile(raw)
        peer = cv2.cvtColor(data.reshape(h*3//2, w), codes[fmt])
        for rot in (0, 90) if fmt in ('I420', 'NV12') else (180, 270):
            want = peer if rots[rot] is None else cv2.rotate(peer, rots[rot])
            for mirror in (False, True):
                exp = want[:, ::-1] if mirror else want
                out = os.path.join(tmp, 'out.npy')
                cmd = ['./pixelprep', 'tensor', raw, '--raw-format', fmt, '--raw-size', f'{w}x{h}', '--yuv', 'opencv',
                       '--preset', 'raw', '--dtype', 'uint8', '--layout', 'HWC', '-o', out]
                if rot: cmd += ['--rotate', str(rot)]
                if mirror: cmd += ['--mirror']
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode: print(cmd, r.stderr); bad += 1; continue
                got = np.load(out)
                total += 1
                ok = got.shape == exp.shape and np.array_equal(got, exp)
                bad += not ok
                print(f'{name} {w}x{h} {fmt} rot {rot} mirror {mirror}: {"bit-exact" if ok else "DIFF max %d" % np.abs(got.astype(int)-exp.astype(int)).max()}')
print(f'{total - bad}/{total} bit-exact')
sys.exit(1 if bad else 0)
