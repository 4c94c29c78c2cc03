#!/usr/bin/env bash
# Builds Callscope in a Debian 13 (trixie) root made by debootstrap, with that release's
# GStreamer (1.26), GTK and libadwaita, and runs the lab's tests there: the lab impairs
# its links inside webrtcbin's transport bins, a layout GStreamer does not promise
# (src/engine/cs-impairment.c). Run by hand, as root, on a Debian machine; not in CI
# (it downloads about 600 MB and takes 15–30 minutes).
#
#   sudo tools/check-newer-gstreamer.sh [ROOT] [SUITE] [MESON-TEST-ARGS...]
#   sudo tools/check-newer-gstreamer.sh /var/tmp/callscope-trixie ui     # the widget tests
#
# ROOT   the chroot's directory (default /var/tmp/callscope-trixie; kept for the next run,
#        which then only updates it)
# SUITE  Debian suite (default trixie); a word that is no Debian release name is taken as
#        the first of the MESON-TEST-ARGS, so the suite may be left out
# MESON-TEST-ARGS  what to run (default: the model, io and engine unit tests, then the
#        lab calls: impairment, lab-call); a bare name of one of the project's Meson
#        suites (ui, model, io, engine, ...) stands for --suite NAME. The ui suite runs
#        like everything else under xvfb-run and dbus-run-session, with the build's
#        GSettings schemas (GSETTINGS_SCHEMA_DIR=_build/data).
#
# The work in the root runs under nice -n 10 and builds with -j 2 (CS_JOBS to change it).
#
# It prints the GStreamer version found, the build's warnings count and Meson's summary,
# and exits non-zero when the build or a test fails. The tree is copied with `git archive`
# (committed files only) to ROOT/src.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
root=${1:-/var/tmp/callscope-trixie}
suite=trixie
[ $# -gt 0 ] && shift
case ${1:-} in
  trixie|forky|sid|bookworm|stable|testing|unstable|oldstable) suite=$1; shift ;;
  '') [ $# -gt 0 ] && shift ;;
esac
jobs=${CS_JOBS:-2}
project_suites=" app control data engine exports fuzz io model ui "
mirror=${CS_DEBIAN_MIRROR:-http://deb.debian.org/debian}

[ "$(id -u)" -eq 0 ] || { echo "check-newer-gstreamer: run as root (debootstrap and chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "check-newer-gstreamer: apt-get install debootstrap" >&2; exit 2; }

packages=(
  meson ninja-build pkg-config gcc gettext git ca-certificates
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libjson-glib-dev libsoup-3.0-dev libnice-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-nice gstreamer1.0-tools gstreamer1.0-libav
  desktop-file-utils appstream xvfb xauth dbus dbus-x11 python3
)

if [ ! -x "$root/usr/bin/apt-get" ]; then
  echo "== debootstrap $suite into $root"
  nice -n 10 debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
    { tail -n 20 "$root.debootstrap.log" >&2; exit 1; }
fi

mounted=()
cleanup () {
  for (( i=${#mounted[@]}-1; i>=0; i-- )); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
for m in proc sys dev dev/pts; do
  mountpoint -q "$root/$m" && continue
  case $m in
    proc) mount -t proc proc "$root/proc" ;;
    sys) mount -t sysfs sys "$root/sys" ;;
    dev) mount --bind /dev "$root/dev" ;;
    dev/pts) mount -t devpts devpts "$root/dev/pts" ;;
  esac
  mounted+=("$root/$m")
done
mkdir -p "$root/dev/shm"
mountpoint -q "$root/dev/shm" || { mount -t tmpfs shm "$root/dev/shm"; mounted+=("$root/dev/shm"); }
cp /etc/resolv.conf "$root/etc/resolv.conf"

echo "== packages"
nice -n 10 chroot "$root" env DEBIAN_FRONTEND=noninteractive bash -c \
  "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${packages[*]} >/dev/null" ||
  exit 1

echo "== source ($(git -C "$top" rev-parse --short HEAD))"
rm -rf "$root/src"; mkdir -p "$root/src"
git -C "$top" archive HEAD | tar -x -C "$root/src"

tests=() prev=
for a in "$@"; do
  if [[ $prev != --suite && $prev != --no-suite && $project_suites == *" $a "* ]]; then
    tests+=(--suite "$a")
  else
    tests+=("$a")
  fi
  prev=$a
done
[ ${#tests[@]} -gt 0 ] || tests=(--suite model --suite io --suite engine)
echo "== in $suite: $(chroot "$root" gst-inspect-1.0 --version | sed -n 2p), $(chroot "$root" pkg-config --modversion gtk4 | sed 's/^/GTK /'), $(chroot "$root" pkg-config --modversion libadwaita-1 | sed 's/^/libadwaita /')"
status=0
nice -n 10 chroot "$root" bash -c '
  set -e
  cd /src
  meson setup _build -Dwerror=false -Dbuildtype=debugoptimized >/dev/null
  meson compile -C _build -j "$1" > _build/compile.log 2>&1 || { tail -n 40 _build/compile.log; exit 1; }
  echo "build: $(grep -c "warning:" _build/compile.log || true) warnings"
  grep "warning:" _build/compile.log | sort -u | head -n 20 || true
' build "$jobs" || exit 1
echo "== meson test ${tests[*]}"
nice -n 10 chroot "$root" bash -c '
  cd /src/_build
  export GSETTINGS_SCHEMA_DIR=$PWD/data
  xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- \
    meson test --print-errorlogs --num-processes 1 "$@" > test.log 2>&1
  rc=$?
  sed -n "/^Summary of Failures/q; /^ *[0-9]\{1,\}\/[0-9]\{1,\} /p" test.log
  sed -n "/^Ok:/,/^Timeout:/p" test.log
  exit $rc
' check "${tests[@]}" || status=1
echo "== logs: $root/src/_build/test.log, $root/src/_build/meson-logs/testlog.txt"
exit $status
