#!/usr/bin/env bash
# Real fuzzing of the pixelprep-fuzz targets with Jazzer (JAZZER_FUZZ=1), one target per JVM.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      TARGET = Class#method, e.g. NpyFuzzTest#read
#
# Default: 60 s for each of all targets. Prints a table of executions per target and appends it to
# $FUZZ_LOG (default pixelprep-fuzz/target/fuzz/fuzz-runs.log). Exit status 1 when any target has a finding
# (its input is saved as pixelprep-fuzz/target/fuzz/<target>/crash-*; the output is in .../output.txt).
# The generated corpus stays in pixelprep-fuzz/target/fuzz/<target>/.cifuzz-corpus, so a later run resumes from it;
# nothing is written into the source tree (copy a crash into the target's Inputs directory to make it a regression input).
#
# Environment: FUZZ_HEAP (JVM heap, default 1g; running out of it is a finding), FUZZ_RSS_MB (libFuzzer's
# -rss_limit_mb, default 2560), FUZZ_TIMEOUT (seconds one input may take, default 20), FUZZ_OFFLINE (default -o,
# set empty to let Maven go online), FUZZ_NO_BUILD=1 to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(
  ImageDecoderFuzzTest#decodeBytes ImageDecoderFuzzTest#decodeFile ImageDecoderFuzzTest#decodeThenPipeline
  SpecJsonFuzzTest#parseAndRender SpecJsonFuzzTest#parseDocument
  NpyFuzzTest#read
  CoreMlFuzzTest#parseAndInspect CoreMlFuzzTest#readFile CoreMlFuzzTest#weightFile
  OnnxModelFuzzTest#modelFile OnnxModelFuzzTest#graphNormalization
  CaffeMeanFuzzTest#parse
  ConfigFuzzTest#huggingFace ConfigFuzzTest#timm ConfigFuzzTest#tflite ConfigFuzzTest#paddleDetection ConfigFuzzTest#names
  GeometryFuzzTest#plan
  CameraFrameFuzzTest#frame
)

seconds=${1:-60}
if [ $# -gt 0 ]; then shift; fi
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]; targets: ${all_targets[*]}" >&2
  exit 2
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=("${all_targets[@]}"); fi

heap=${FUZZ_HEAP:-1g}
rss=${FUZZ_RSS_MB:-2560}
timeout=${FUZZ_TIMEOUT:-20}
work=pixelprep-fuzz/target/fuzz
log=${FUZZ_LOG:-$work/fuzz-runs.log}
mkdir -p "$work"

if [ "${FUZZ_NO_BUILD:-}" != 1 ]; then
  mvn ${FUZZ_OFFLINE--o} -B -q -pl pixelprep-fuzz -am test-compile -DskipTests
fi
cp="pixelprep-fuzz/target/test-classes:$(cat pixelprep-fuzz/target/fuzz-classpath.txt)"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit+dirty"; fi
started=$(date -u +%Y-%m-%dT%H:%MZ)

failed=0
rows=()
for t in "${targets[@]}"; do
  name=${t/\#/.}
  dir=$work/$name
  mkdir -p "$dir"
  rm -f "$dir"/crash-* "$dir"/timeout-* "$dir"/oom-* "$dir"/slow-unit-* "$dir"/Crash_*.java 2>/dev/null || true
  echo "fuzzing $t for ${seconds}s ..." >&2
  # Jazzer instruments dev.pixelprep.** for coverage; the decoders' own code (TwelveMonkeys) too for the image targets.
  # The classes protoc generated are left out: instrumenting them costs ~40 s per JVM and they are protobuf's parser.
  includes=dev.pixelprep.**
  case "$t" in ImageDecoder*) includes="$includes:com.twelvemonkeys.**" ;; esac
  set +e
  # jazzer.internal.basedir: generated corpus and findings go under target/, not next to the sources.
  # FilePathTraversal is off: a spec names its mean image by path on purpose.
  JAZZER_FUZZ=1 java -Xmx"$heap" -Xss1m \
    -Djazzer.max_duration="${seconds}s" \
    -Djazzer.internal.basedir="$dir" \
    -Djazzer.instrumentation_includes="$includes" -Djazzer.custom_hook_includes="$includes" \
    -Djazzer.instrumentation_excludes='dev.pixelprep.formats.coreml.proto.**:dev.pixelprep.formats.caffe.proto.**:dev.pixelprep.onnx.proto.**' \
    -Djazzer.disabled_hooks=com.code_intelligence.jazzer.sanitizers.FilePathTraversal \
    -Djazzer.internal.arg.0=fuzz \
    -Djazzer.internal.arg.1=-rss_limit_mb="$rss" \
    -Djazzer.internal.arg.2=-timeout="$timeout" \
    -cp "$cp" dev.pixelprep.fuzz.RunFuzzTarget "$t" >"$dir/output.txt" 2>&1
  rc=$?
  set -e
  # libFuzzer ends with "Done N runs in S second(s)"; after a finding the last status line "#N ..." counts
  runs=$(grep -aoE 'Done [0-9]+ runs' "$dir/output.txt" | tail -1 | grep -oE '[0-9]+' || true)
  if [ -z "$runs" ]; then
    runs=$(grep -aoE '^#[0-9]+' "$dir/output.txt" | tail -1 | tr -d '#' || true)
  fi
  runs=${runs:-0}
  secs_used=$(grep -aoE 'Done [0-9]+ runs in [0-9]+ second' "$dir/output.txt" | tail -1 | grep -oE '[0-9]+ second' | grep -oE '[0-9]+' || true)
  secs_used=${secs_used:-$seconds}
  [ "$secs_used" -gt 0 ] || secs_used=1
  rate=$((runs / secs_used))
  finding=$(ls "$dir" | grep -E '^(crash|timeout|oom|slow-unit)-' | head -1 || true)
  if [ $rc -eq 0 ] && [ -z "$finding" ]; then
    result=ok
  else
    failed=1
    result="FINDING ${finding:-exit $rc} (see $dir/output.txt)"
    grep -a -m1 -A14 'Caused by\|== Java Exception' "$dir/output.txt" >&2 || tail -20 "$dir/output.txt" >&2
  fi
  rows+=("$(printf '%-42s %6ss %12s %8s/s  %s' "$t" "$secs_used" "$runs" "$rate" "$result")")
done

{
  echo "# fuzz run $started commit $commit, ${seconds}s per target, heap $heap, rss limit ${rss} MB, $(nproc) cores"
  printf '%-42s %7s %12s %10s  %s\n' target time executions rate result
  printf '%s\n' "${rows[@]}"
  total=0
  for r in "${rows[@]}"; do total=$((total + $(echo "$r" | awk '{print $3}'))); done
  echo "total executions: $total"
  echo
} | tee -a "$log"
exit $failed
