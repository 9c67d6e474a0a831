#!/usr/bin/env bash
# Regenerates the committed seed corpora of pixelprep-fuzz (pixelprep-fuzz/src/test/java/dev/pixelprep/fuzz/SeedCorpus.java
# says what goes where). Rewrites only the seed-* files; regression inputs (crash-*, regress-*) stay.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -B -q -pl pixelprep-fuzz -am test-compile -DskipTests
cp="pixelprep-fuzz/target/test-classes:$(cat pixelprep-fuzz/target/fuzz-classpath.txt)"
find pixelprep-fuzz/src/test/resources/dev/pixelprep/fuzz -name 'seed-*' -delete 2>/dev/null || true
java -cp "$cp" dev.pixelprep.fuzz.SeedCorpus .
du -sh pixelprep-fuzz/src/test/resources/dev/pixelprep/fuzz
