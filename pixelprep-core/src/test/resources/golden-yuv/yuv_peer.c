/*
 * yuv_peer.c - a small command-line front end to the system libyuv, used by
 * generate_yuv.py to compute peer outputs for the golden YUV cases.
 * Built by the generator:  gcc -O2 -o yuv_peer yuv_peer.c -lyuv
 *
 * Commands (all sizes in pixels, offsets/strides in bytes):
 *
 *   yuv_peer info
 *       prints the libyuv version and the CPU flags libyuv detects.
 *
 *   yuv_peer make KIND W H IN_ARGB OUT
 *       IN_ARGB: W*H*4 bytes, libyuv "ARGB" (B,G,R,A in memory).
 *       KIND: I420 | J420 | NV12 | NV21 | YUY2 | UYVY.  Writes the planes tight
 *       (I420/J420: Y, U, V; NV12: Y, UV; NV21: Y, VU; packed: one plane with
 *       row stride 4*((W+1)/2)).  Always runs the C code path (MaskCpuFlags(1)),
 *       so the YUV content does not depend on the CPU.
 *
 *   yuv_peer conv SIMD CALL CONST PRE POST W H YUVFILE OUT O0 RS0 O1 RS1 O2 RS2 PS
 *       SIMD 1: libyuv picks the SIMD code (MaskCpuFlags(-1));
 *            0: C code only (MaskCpuFlags(1), see cpu_id.h).
 *       CALL: I420ToARGB I420ToABGR J420ToARGB H420ToARGB I420ToARGBMatrix
 *             NV12ToARGB NV12ToABGR NV12ToARGBMatrix
 *             NV21ToARGB NV21ToABGR NV21ToARGBMatrix
 *             Android420ToARGB Android420ToABGR Android420ToARGBMatrix
 *             YUY2ToARGB UYVYToARGB
 *       CONST: I601 JPEG H709 F709 2020 V2020 (used by the *Matrix calls and
 *             by PRE chains; "-" otherwise).
 *       PRE: none | rot90 | rot180 | rot270 | mirror.  Not none: the source
 *             (I420 planes for I420* calls, Android planes for Android420*
 *             calls) is first turned into a tight I420 by I420Rotate /
 *             Android420ToI420Rotate / I420Mirror (Android: Android420ToI420Rotate
 *             with kRotate0, then I420Mirror), then I420ToARGBMatrix(CONST).
 *       POST: none | rot90 | rot180 | rot270 | mirror: ARGBRotate / ARGBMirror
 *             applied to the 4-byte output.
 *       O0/RS0 .. O2/RS2: offset and row stride of plane 0..2 inside YUVFILE
 *             (I420*: Y,U,V; NV12*: Y,UV; NV21*: Y,VU; Android420*: Y,U,V;
 *             packed: the one plane), PS: Android UV pixel stride.
 *       OUT: the 4-byte-per-pixel result, tight; stdout: "W H" of the result.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libyuv/convert.h"
#include "libyuv/convert_argb.h"
#include "libyuv/convert_from_argb.h"
#include "libyuv/cpu_id.h"
#include "libyuv/planar_functions.h"
#include "libyuv/rotate.h"
#include "libyuv/rotate_argb.h"
#include "libyuv/version.h"

static void die(const char* msg) {
  fprintf(stderr, "yuv_peer: %s\n", msg);
  exit(2);
}

static uint8_t* read_all(const char* path, long* size_out) {
  FILE* f = fopen(path, "rb");
  if (!f) die("cannot open input");
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  /* 256 bytes of slack after the file: never part of any plane. */
  uint8_t* buf = (uint8_t*)calloc((size_t)n + 256, 1);
  if (!buf) die("out of memory");
  if (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n) die("short read");
  fclose(f);
  *size_out = n;
  return buf;
}

static void write_all(const char* path, const uint8_t* data, size_t n) {
  FILE* f = fopen(path, "wb");
  if (!f) die("cannot open output");
  if (fwrite(data, 1, n, f) != n) die("short write");
  fclose(f);
}

static const struct YuvConstants* constants_by_name(const char* name) {
  if (!strcmp(name, "I601")) return &kYuvI601Constants;
  if (!strcmp(name, "JPEG")) return &kYuvJPEGConstants;
  if (!strcmp(name, "H709")) return &kYuvH709Constants;
  if (!strcmp(name, "F709")) return &kYuvF709Constants;
  if (!strcmp(name, "2020")) return &kYuv2020Constants;
  if (!strcmp(name, "V2020")) return &kYuvV2020Constants;
  return NULL;
}

static enum RotationMode rotation_by_name(const char* name) {
  if (!strcmp(name, "rot90")) return kRotate90;
  if (!strcmp(name, "rot180")) return kRotate180;
  if (!strcmp(name, "rot270")) return kRotate270;
  return kRotate0;
}

static int cmd_info(void) {
  printf("LIBYUV_VERSION %d\n", LIBYUV_VERSION);
  printf("cpu_flags 0x%x\n", MaskCpuFlags(-1));
  printf("SSSE3 %d AVX2 %d AVX512BW %d AVX512VL %d AVX512VBMI %d\n",
         TestCpuFlag(kCpuHasSSSE3) != 0, TestCpuFlag(kCpuHasAVX2) != 0,
         TestCpuFlag(kCpuHasAVX512BW) != 0, TestCpuFlag(kCpuHasAVX512VL) != 0,
         TestCpuFlag(kCpuHasAVX512VBMI) != 0);
  MaskCpuFlags(1);
  printf("after MaskCpuFlags(1): cpu_flags 0x%x SSSE3 %d AVX2 %d\n",
         TestCpuFlag(kCpuInitialized), TestCpuFlag(kCpuHasSSSE3) != 0,
         TestCpuFlag(kCpuHasAVX2) != 0);
  return 0;
}

static int cmd_make(int argc, char** argv) {
  if (argc != 7) die("make KIND W H IN_ARGB OUT");
  const char* kind = argv[2];
  int w = atoi(argv[3]), h = atoi(argv[4]);
  long n;
  uint8_t* argb = read_all(argv[5], &n);
  if (n != (long)w * h * 4) die("make: input size is not W*H*4");
  MaskCpuFlags(1);
  int cw = (w + 1) / 2, ch = (h + 1) / 2;
  size_t out_n;
  uint8_t* out;
  int rc;
  if (!strcmp(kind, "I420") || !strcmp(kind, "J420")) {
    out_n = (size_t)w * h + 2 * (size_t)cw * ch;
    out = (uint8_t*)calloc(out_n, 1);
    uint8_t* y = out;
    uint8_t* u = y + (size_t)w * h;
    uint8_t* v = u + (size_t)cw * ch;
    if (!strcmp(kind, "I420"))
      rc = ARGBToI420(argb, w * 4, y, w, u, cw, v, cw, w, h);
    else
      rc = ARGBToJ420(argb, w * 4, y, w, u, cw, v, cw, w, h);
  } else if (!strcmp(kind, "NV12") || !strcmp(kind, "NV21")) {
    out_n = (size_t)w * h + (size_t)2 * cw * ch;
    out = (uint8_t*)calloc(out_n, 1);
    uint8_t* y = out;
    uint8_t* c = y + (size_t)w * h;
    if (!strcmp(kind, "NV12"))
      rc = ARGBToNV12(argb, w * 4, y, w, c, 2 * cw, w, h);
    else
      rc = ARGBToNV21(argb, w * 4, y, w, c, 2 * cw, w, h);
  } else if (!strcmp(kind, "YUY2") || !strcmp(kind, "UYVY")) {
    out_n = (size_t)4 * cw * h;
    out = (uint8_t*)calloc(out_n, 1);
    if (!strcmp(kind, "YUY2"))
      rc = ARGBToYUY2(argb, w * 4, out, 4 * cw, w, h);
    else
      rc = ARGBToUYVY(argb, w * 4, out, 4 * cw, w, h);
  } else {
    die("make: unknown KIND");
    return 2;
  }
  if (rc != 0) die("make: libyuv returned an error");
  write_all(argv[6], out, out_n);
  free(out);
  free(argb);
  return 0;
}

static int cmd_conv(int argc, char** argv) {
  if (argc != 18) die("conv SIMD CALL CONST PRE POST W H YUVFILE OUT O0 RS0 O1 RS1 O2 RS2 PS");
  int simd = atoi(argv[2]);
  const char* call = argv[3];
  const struct YuvConstants* k = constants_by_name(argv[4]);
  const char* pre = argv[5];
  const char* post = argv[6];
  int w = atoi(argv[7]), h = atoi(argv[8]);
  long n;
  uint8_t* buf = read_all(argv[9], &n);
  const char* out_path = argv[10];
  long o0 = atol(argv[11]), o1 = atol(argv[13]), o2 = atol(argv[15]);
  int rs0 = atoi(argv[12]), rs1 = atoi(argv[14]), rs2 = atoi(argv[16]);
  int ps = atoi(argv[17]);
  if (o0 < 0 || o0 >= n || o1 < 0 || o1 >= n || o2 < 0 || o2 >= n) die("conv: offset outside the file");
  MaskCpuFlags(simd ? -1 : 1);

  const uint8_t* p0 = buf + o0;
  const uint8_t* p1 = buf + o1;
  const uint8_t* p2 = buf + o2;
  size_t argb_n = (size_t)w * h * 4;
  uint8_t* argb = (uint8_t*)calloc(argb_n, 1);
  int ow = w, oh = h;
  int rc = -100;

  if (strcmp(pre, "none") != 0) {
    /* YUV-domain geometry into a tight I420, then I420ToARGBMatrix. */
    if (!k) die("conv: PRE needs CONST");
    int rot = strcmp(pre, "mirror") != 0;
    enum RotationMode mode = rotation_by_name(pre);
    if (rot && (mode == kRotate90 || mode == kRotate270)) {
      ow = h;
      oh = w;
    }
    int cw = (ow + 1) / 2, chh = (oh + 1) / 2;
    uint8_t* t = (uint8_t*)calloc((size_t)ow * oh + 2 * (size_t)cw * chh, 1);
    uint8_t* ty = t;
    uint8_t* tu = ty + (size_t)ow * oh;
    uint8_t* tv = tu + (size_t)cw * chh;
    if (!strncmp(call, "I420", 4)) {
      if (rot)
        rc = I420Rotate(p0, rs0, p1, rs1, p2, rs2, ty, ow, tu, cw, tv, cw, w, h, mode);
      else
        rc = I420Mirror(p0, rs0, p1, rs1, p2, rs2, ty, ow, tu, cw, tv, cw, w, h);
    } else if (!strncmp(call, "Android420", 10)) {
      if (rot) {
        rc = Android420ToI420Rotate(p0, rs0, p1, rs1, p2, rs2, ps, ty, ow, tu, cw, tv, cw, w, h, mode);
      } else {
        uint8_t* s = (uint8_t*)calloc((size_t)w * h + 2 * (size_t)cw * chh, 1);
        uint8_t* sy = s;
        uint8_t* su = sy + (size_t)w * h;
        uint8_t* sv = su + (size_t)cw * chh;
        rc = Android420ToI420Rotate(p0, rs0, p1, rs1, p2, rs2, ps, sy, w, su, cw, sv, cw, w, h, kRotate0);
        if (rc == 0) rc = I420Mirror(sy, w, su, cw, sv, cw, ty, ow, tu, cw, tv, cw, w, h);
        free(s);
      }
    } else {
      die("conv: PRE only with I420* or Android420* calls");
    }
    if (rc != 0) die("conv: libyuv geometry call failed");
    rc = I420ToARGBMatrix(ty, ow, tu, cw, tv, cw, argb, ow * 4, k, ow, oh);
    free(t);
  } else if (!strcmp(call, "I420ToARGB")) {
    rc = I420ToARGB(p0, rs0, p1, rs1, p2, rs2, argb, w * 4, w, h);
  } else if (!strcmp(call, "I420ToABGR")) {
    rc = I420ToABGR(p0, rs0, p1, rs1, p2, rs2, argb, w * 4, w, h);
  } else if (!strcmp(call, "J420ToARGB")) {
    rc = J420ToARGB(p0, rs0, p1, rs1, p2, rs2, argb, w * 4, w, h);
  } else if (!strcmp(call, "H420ToARGB")) {
    rc = H420ToARGB(p0, rs0, p1, rs1, p2, rs2, argb, w * 4, w, h);
  } else if (!strcmp(call, "I420ToARGBMatrix")) {
    if (!k) die("conv: Matrix call needs CONST");
    rc = I420ToARGBMatrix(p0, rs0, p1, rs1, p2, rs2, argb, w * 4, k, w, h);
  } else if (!strcmp(call, "NV12ToARGB")) {
    rc = NV12ToARGB(p0, rs0, p1, rs1, argb, w * 4, w, h);
  } else if (!strcmp(call, "NV12ToABGR")) {
    rc = NV12ToABGR(p0, rs0, p1, rs1, argb, w * 4, w, h);
  } else if (!strcmp(call, "NV12ToARGBMatrix")) {
    if (!k) die("conv: Matrix call needs CONST");
    rc = NV12ToARGBMatrix(p0, rs0, p1, rs1, argb, w * 4, k, w, h);
  } else if (!strcmp(call, "NV21ToARGB")) {
    rc = NV21ToARGB(p0, rs0, p1, rs1, argb, w * 4, w, h);
  } else if (!strcmp(call, "NV21ToABGR")) {
    rc = NV21ToABGR(p0, rs0, p1, rs1, argb, w * 4, w, h);
  } else if (!strcmp(call, "NV21ToARGBMatrix")) {
    if (!k) die("conv: Matrix call needs CONST");
    rc = NV21ToARGBMatrix(p0, rs0, p1, rs1, argb, w * 4, k, w, h);
  } else if (!strcmp(call, "Android420ToARGB")) {
    rc = Android420ToARGB(p0, rs0, p1, rs1, p2, rs2, ps, argb, w * 4, w, h);
  } else if (!strcmp(call, "Android420ToABGR")) {
    rc = Android420ToABGR(p0, rs0, p1, rs1, p2, rs2, ps, argb, w * 4, w, h);
  } else if (!strcmp(call, "Android420ToARGBMatrix")) {
    if (!k) die("conv: Matrix call needs CONST");
    rc = Android420ToARGBMatrix(p0, rs0, p1, rs1, p2, rs2, ps, argb, w * 4, k, w, h);
  } else if (!strcmp(call, "YUY2ToARGB")) {
    rc = YUY2ToARGB(p0, rs0, argb, w * 4, w, h);
  } else if (!strcmp(call, "UYVYToARGB")) {
    rc = UYVYToARGB(p0, rs0, argb, w * 4, w, h);
  } else {
    die("conv: unknown CALL");
  }
  if (rc != 0) die("conv: libyuv conversion failed");

  if (strcmp(post, "none") != 0) {
    uint8_t* g = (uint8_t*)calloc(argb_n, 1);
    int gw = ow, gh = oh;
    if (!strcmp(post, "mirror")) {
      rc = ARGBMirror(argb, ow * 4, g, ow * 4, ow, oh);
    } else {
      enum RotationMode mode = rotation_by_name(post);
      if (mode == kRotate90 || mode == kRotate270) {
        gw = oh;
        gh = ow;
      }
      rc = ARGBRotate(argb, ow * 4, g, gw * 4, ow, oh, mode);
    }
    if (rc != 0) die("conv: libyuv ARGBRotate/ARGBMirror failed");
    free(argb);
    argb = g;
    ow = gw;
    oh = gh;
  }
  write_all(out_path, argb, argb_n);
  printf("%d %d\n", ow, oh);
  free(argb);
  free(buf);
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) die("usage: yuv_peer info | make ... | conv ...");
  if (!strcmp(argv[1], "info")) return cmd_info();
  if (!strcmp(argv[1], "make")) return cmd_make(argc, argv);
  if (!strcmp(argv[1], "conv")) return cmd_conv(argc, argv);
  die("unknown command");
  return 2;
}
