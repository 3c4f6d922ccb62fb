#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) in build-fuzz/ and runs each for
# FUZZ_SECONDS (default 60) from its committed seed corpus, FUZZ_JOBS at a time. The working
# corpus grows in build-fuzz/corpus/<fuzzer>; a crash, sanitizer report or timeout leaves its input
# in build-fuzz/artifacts/ and fails the run. Usage: tests/fuzz/run.sh [fuzzer ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
build=build-fuzz
fuzzers=("$@")
if [ ${#fuzzers[@]} -eq 0 ]; then
  fuzzers=(json_parser_fuzzer router_fuzzer request_binding_fuzzer backend_response_fuzzer)
fi
bash deploy/install-deps.sh fuzz
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIVITAS_FUZZ=ON \
  -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target fuzzers
mkdir -p "$build/artifacts"
run() {
  local f=$1 corpus="$build/corpus/$1"
  mkdir -p "$corpus"
  cp -n tests/fuzz/corpus/"$f"/* "$corpus"/ 2>/dev/null || true
  if "$build/tests/fuzz/$f" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/$f-" "$corpus" \
      >"$build/$f.log" 2>&1; then
    echo "$f: 0 crashes in ${seconds} s ($(grep -o 'stat::number_of_executed_units: [0-9]*' \
      "$build/$f.log" | grep -o '[0-9]*$') runs, corpus $(ls "$corpus" | wc -l) inputs)"
  else
    echo "$f: FAILED, see $build/$f.log and $build/artifacts/" >&2
    grep -E "ERROR|SUMMARY|Finding|runtime error" "$build/$f.log" | head -5 >&2
    return 1
  fi
}
status=0
pids=()
for f in "${fuzzers[@]}"; do
  run "$f" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
