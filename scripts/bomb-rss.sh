#!/usr/bin/env bash
# Decompression bombs against the command line: for each bomb (tiny files declaring 16384² and 65535² images
# in every supported format, written by pixelprep-io's test class Bombs) runs
#   ./pixelprep tensor BOMB --preset unit -o OUT.npy
# with the default heap and with JAVA_TOOL_OPTIONS=-Xmx256m, and prints a Markdown table of exit code, wall time,
# peak RSS (/usr/bin/time -v) and the one-line error. Then does the same for a real 12000x9000 photo (chelsea.png
# upscaled with Pillow, if python3-pil is installed), which must decode with the default heap.
# Do not edit sources while it runs: the launcher would rebuild the jar inside a measurement.
#
# usage: scripts/bomb-rss.sh [WORKDIR]      (default: a temporary directory, removed at the end)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-}"
if [ -z "$work" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/bombs"
[ -x /usr/bin/time ] || { echo "bomb-rss: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

"$here/pixelprep" --version >/dev/null   # builds the jar once, outside the measurements
java "$here/pixelprep-io/src/test/java/dev/pixelprep/io/Bombs.java" "$work/bombs"

# run LABEL HEAP FILE [extra args...]: one table row
run() {
  local heap="$1" file="$2"
  shift 2
  local env=(env -u JAVA_TOOL_OPTIONS)
  [ "$heap" = "default" ] || env=(env "JAVA_TOOL_OPTIONS=-Xmx$heap")
  local rc=0
  "${env[@]}" /usr/bin/time -v -o "$work/time.txt" \
    "$here/pixelprep" tensor "$file" --preset unit -o "$work/out.npy" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" || rc=$?
  local rss wall msg
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2 / 1024}' "$work/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s}' "$work/time.txt")
  msg=$({ grep -v '^Picked up JAVA_TOOL_OPTIONS' "$work/stderr.txt" || true; } | head -c 400 | tr '\n' ' ' | sed 's/|/\\|/g')
  [ "$rc" = 0 ] && msg="ok: $(grep -m1 -o 'float32.*\]' "$work/stdout.txt" || true)"
  local lines
  lines=$(grep -vc '^Picked up JAVA_TOOL_OPTIONS' "$work/stderr.txt" || true)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(basename "$file")" "$(stat -c %s "$file")" "$heap" "$rc" "$wall" "$rss" "$lines" "${msg/$work\//}"
  rm -f "$work/out.npy"
}

echo "| file | bytes | heap | exit | wall s | peak RSS MB | stderr lines | message |"
echo "|---|---:|---|---:|---:|---:|---:|---|"
# Start-up alone (launcher, JVM, picocli): what every row below pays before decoding.
/usr/bin/time -v -o "$work/time.txt" "$here/pixelprep" --version >/dev/null 2>&1
printf '| (pixelprep --version) | | default | 0 | %s | %s | 0 | start-up only |\n' \
  "$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s}' "$work/time.txt")" \
  "$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2 / 1024}' "$work/time.txt")"
run default "$here/examples/chelsea.png"
for f in "$work"/bombs/*; do
  for heap in default 256m; do
    run "$heap" "$f"
  done
done

if /usr/bin/python3 -c "import PIL" 2>/dev/null; then
  /usr/bin/python3 - "$here/examples/chelsea.png" "$work/photo-12000x9000.jpg" <<'PY'
import sys
from PIL import Image
Image.open(sys.argv[1]).convert("RGB").resize((12000, 9000), Image.BICUBIC).save(sys.argv[2], quality=90)
PY
  for heap in default 256m; do
    run "$heap" "$work/photo-12000x9000.jpg" --resize 224x224
  done
else
  echo "bomb-rss: python3-pil not installed, skipping the 12000x9000 photo" >&2
fi
