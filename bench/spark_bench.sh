#!/usr/bin/env bash
# Spark local[N] (pixelprep-spark's spark-submit job, binaryFile -> Parquet) against pixelprep batch --jobs N on the
# corpus bench/batch_bench.py builds (run that first), same spec, wall time of each (both include their JVM start).
# Usage: bench/spark_bench.sh [CORPUS] [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:-/tmp/pixelprep-bench-corpus}"
n="${2:-2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
mvn -B -q install -DskipTests -pl pixelprep-spark -am >/dev/null
mvn -B -q -pl pixelprep-spark dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp="$root/pixelprep-spark/target/classes:$(cat "$work/cp")"
opens=$(sed -n 's/.*<argLine>\(.*\)<\/argLine>.*/\1/p' <(tr -d '\n' < pixelprep-spark/pom.xml | sed 's/  */ /g'))
./pixelprep spec explain --preset torchvision-imagenet --resize 256 --crop 224 -o "$work/spec.json" >/dev/null
count=$(ls "$corpus"/*.jpg | wc -l)
start=$(date +%s.%N)
java $opens -Dspark.master="local[$n]" -Dspark.ui.enabled=false ${SPARK_BENCH_OPTS:-} -cp "$cp" dev.pixelprep.spark.PixelprepSparkJob \
    "$corpus" "$work/out.parquet" "$work/spec.json" --glob '*.jpg' 2>/dev/null | tail -1
spark=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
./pixelprep batch "$corpus" -o "$work/batch" --preset torchvision-imagenet --resize 256 --crop 224 --jobs "$n" --progress none >/dev/null
batch=$(echo "$(date +%s.%N) - $start" | bc)
printf 'Spark local[%d]: %.1f s (%.1f images/s)   pixelprep batch --jobs %d: %.1f s (%.1f images/s)   Spark / batch time: %.2f\n' \
    "$n" "$spark" "$(echo "$count / $spark" | bc -l)" "$n" "$batch" "$(echo "$count / $batch" | bc -l)" "$(echo "$spark / $batch" | bc -l)"
# the tensors themselves are compared bit for bit with pixelprep tensor's by SparkTensorsTest (CI, local[2])
