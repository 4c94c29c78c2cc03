#!/usr/bin/env bash
# Callscope's one entry point for developers and CI on Debian 12.
#   tools/dev.sh run [callscope options]   install what is missing, build, launch the lab call
#   tools/dev.sh test                      install what is missing, build, run every test
#                                          (a warnings-as-errors build, then again under ASan+UBSan)
#   tools/dev.sh fuzz [SECONDS] [TARGET...] build tests/fuzz with clang's libFuzzer (ASan+UBSan) and
#                                          fuzz each target (or the ones named) for SECONDS (60)
#   tools/dev.sh make-dump-fixtures [ARGS] remake tests/data/dumps/ with Debian's Chromium and Janus
#                                          (tools/make-dump-fixtures.mjs; tests/data/dumps/README.md)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

packages=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libjson-glib-dev libsoup-3.0-dev libnice-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-nice gstreamer1.0-tools gstreamer1.0-pipewire
  gstreamer1.0-libav
  desktop-file-utils appstream xvfb xauth dbus-x11 imagemagick python3 flatpak-builder
  janus prometheus
  chromium libjs-janus-gateway libjs-webrtc-adapter
)

install_deps () { # extra packages...
  local missing=()
  for p in "${packages[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# Debian's simple-whip-server (a WHIP front for Janus, in Node.js) for the WHIP tests. Its
# package depends on Debian's nodejs, which cannot replace a machine's own Node.js; so the
# package is unpacked into _deps/ and its Node modules come from the npm registry. The
# tests skip WHIP-through-Janus when this is missing; nothing here is fatal.
prepare_whip_server () {
  local dir="$top/_deps/simple-whip-server"
  [ -f "$dir/src/server.js" ] && [ -d "$dir/node_modules/express" ] && return 0
  command -v node >/dev/null && command -v npm >/dev/null || { echo "note: no node/npm: WHIP-through-Janus tests will be skipped"; return 0; }
  local tmp; tmp=$(mktemp -d)
  (
    set -e
    cd "$tmp"
    apt-get download -qq simple-whip-server 2>/dev/null
    dpkg-deb -x simple-whip-server_*.deb root
    rm -rf "$dir"; mkdir -p "$dir/src"
    cp root/usr/share/simple-whip-server/src/server.js root/usr/share/simple-whip-server/src/whip-janus.js "$dir/src/"
    cd "$dir"
    npm init -y >/dev/null
    npm install --no-audit --no-fund --loglevel=error \
      express@4 body-parser@1 cors@2 colors@1.4.0 debug@4 async@3 websocket@1.0.34 >/dev/null
  ) || echo "note: could not prepare simple-whip-server: WHIP-through-Janus tests will be skipped"
  rm -rf "$tmp"
}

configure () { # builddir, extra meson args...
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
  meson compile -C "$dir"
}

# Runs the suite under Xvfb and a private D-Bus; prints Meson's summary.
run_suite () { # builddir, label, extra meson test args...
  local dir=$1 label=$2; shift 2
  local log="$dir/meson-logs/testlog.txt" rc=0
  xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- \
    meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" || rc=$?
  local ok fail
  ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$log" | tail -n1)
  fail=$(awk '/^(Fail|Unexpected Pass|Timeout):/ {s += $2} END {print s + 0}' "$log")
  echo "$label: ${ok:-0} passed, ${fail:-0} failed"
  echo "${ok:-0} ${fail:-0}" >> "$top/_build-tally"
  return $rc
}

# playwright-core and the rtcstats library for tools/make-dump-fixtures.mjs (and
# playwright-core for the Chromium tests, tests/browser), from the npm
# registry into _deps/fixtures-node (not committed). Pinned: the fixtures' README names them.
prepare_fixture_node () {
  local dir="$top/_deps/fixtures-node"
  [ -d "$dir/node_modules/playwright-core" ] && [ -d "$dir/node_modules/rtcstats" ] && return 0
  mkdir -p "$dir"
  (cd "$dir" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund --loglevel=error playwright-core@1.65.1 rtcstats@5.2.0 >/dev/null)
}

case "${1:-}" in
  make-dump-fixtures)
    shift
    command -v node >/dev/null && command -v npm >/dev/null || { echo "tools/dev.sh make-dump-fixtures: needs node and npm" >&2; exit 2; }
    install_deps chromium libjs-janus-gateway libjs-webrtc-adapter
    prepare_fixture_node
    exec node tools/make-dump-fixtures.mjs "$@"
    ;;
  run)
    shift
    install_deps
    configure _build
    export GSETTINGS_SCHEMA_DIR="$top/_build/data"
    exec ./_build/src/callscope "$@"
    ;;
  test)
    install_deps
    prepare_whip_server
    # playwright-core for the Chromium tests (tests/browser); without it they are skipped
    { command -v npm >/dev/null && prepare_fixture_node; } ||
      echo "note: could not install playwright-core: the Chromium tests will be skipped"
    rm -f _build-tally
    status=0
    configure _build-ci -Dwerror=true -Dbuildtype=debugoptimized
    run_suite _build-ci "warnings-as-errors build" || status=1
    configure _build-asan -Dwerror=true -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
    # The slow unwinder sees through system libraries (their leaks are suppressed by caller,
    # tests/lsan.supp). The calls the engine tests run (tests/engine/cs-test-run.c) unwind 10
    # frames instead of 30: a lab call then costs 1.5 times the CPU of the fast unwinder, not 2.3.
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:detect_odr_violation=0:fast_unwind_on_malloc=0" \
    LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    GSK_RENDERER=cairo CS_TEST_TIMING_SLACK=2 \
      run_suite _build-asan "sanitizer build (ASan+UBSan+LSan)" --timeout-multiplier 3 || status=1
    awk '{ok += $1; fail += $2} END {printf "%d passed, %d failed\n", ok, fail}' _build-tally
    exit $status
    ;;
  fuzz)
    # docs/fuzzing.md. One target at a time, one process each: the machine is shared.
    # CS_FUZZ_ARGS adds libFuzzer flags (e.g. "-seed=1", or "-fork=1 -ignore_crashes=1").
    seconds=${2:-60}
    [[ "$seconds" =~ ^[0-9]+$ ]] || { echo "tools/dev.sh fuzz: SECONDS must be a number, not “$seconds”" >&2; exit 2; }
    shift $(( $# > 1 ? 2 : $# ))
    targets=("$@")
    if [ ${#targets[@]} -eq 0 ]; then
      for f in tests/fuzz/fuzz-*.c; do
        name=${f#tests/fuzz/fuzz-}; name=${name%.c}
        [ "$name" = driver ] || targets+=("$name")
      done
    fi
    install_deps clang libclang-rt-14-dev
    dir=_build-fuzz-clang
    # -fsanitize=fuzzer-no-link gives libFuzzer the coverage of the parsers in src/ too.
    if [ ! -f "$dir/build.ninja" ]; then
      CC=clang meson setup "$dir" -Dfuzzing=true -Dbuildtype=debugoptimized \
        -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
    fi
    # new targets are known to "meson compile" only once the build files are regenerated
    ninja -C "$dir" build.ninja >/dev/null
    meson compile -C "$dir" "${targets[@]/#/fuzz-}" >/dev/null
    export ASAN_OPTIONS="detect_leaks=1:detect_odr_violation=0"
    export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
    status=0
    for name in "${targets[@]}"; do
      work="$dir/fuzz-work/$name"
      rm -rf "$work"; mkdir -p "$work/corpus" "$work/artifacts"
      cp tests/fuzz/corpus/"$name"/* "$work/corpus/"
      rc=0
      "$dir/tests/fuzz/fuzz-$name" "$work/corpus" -dict="tests/fuzz/$name.dict" \
        -max_total_time="$seconds" -timeout=10 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" ${CS_FUZZ_ARGS:-} > "$work/log" 2>&1 || rc=$?
      runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n1)
      [ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$work/log" | tail -n1)
      found=$(find "$work/artifacts" -type f | sort)
      if [ -z "$found" ] && [ $rc -eq 0 ]; then
        echo "$name: ${runs:-0} runs in ${seconds} s, corpus $(ls "$work/corpus" | wc -l) inputs, nothing found"
      else
        status=1
        echo "$name: ${runs:-0} runs, FOUND a bug (exit $rc); log: $work/log"
        grep -m1 -E "^==[0-9]+==ERROR|^SUMMARY|fuzz check failed|runtime error|CRITICAL|ERROR:" "$work/log" | sed 's/^/  /' || true
        n_found=$(echo "$found" | grep -c . || true)
        for f in $(echo "$found" | head -n 3); do
          echo "  reproduce: $dir/tests/fuzz/fuzz-$name $f"
          echo "  once fixed, keep it: cp $f tests/fuzz/corpus/$name/crash-WHAT-IT-IS"
        done
        [ "$n_found" -le 3 ] || echo "  ($n_found inputs in $work/artifacts)"
      fi
    done
    exit $status
    ;;
  *)
    echo "usage: tools/dev.sh run [callscope options] | tools/dev.sh test | tools/dev.sh fuzz [SECONDS] [TARGET...] | tools/dev.sh make-dump-fixtures [--only=p2p,janus,loss] [--duration=25]" >&2
    exit 2
    ;;
esac
