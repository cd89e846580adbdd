#!/usr/bin/env bash
# Prepares the Docker build context for Mathesar VERSION (built from source, no PyPI) in OUTDIR:
#
#   OUTDIR/code/   /code as Mathesar's build-scripts/package/package.py lays it out (its
#                  SOURCE_CONTENTS_TO_COPY, with the UI built by `npm ci && npm run build` and
#                  bin/mathesar written by its generate_startup_script). Unlike package.py the
#                  translations' *.po files are kept: the Dockerfile compiles and then removes them.
#   OUTDIR/libs/   the package folders of the pure-Python libraries Debian lacks (allauth, modernrpc,
#                  encrypted_fields), at the versions this Mathesar's requirements.txt pins.
#
#   bash prepare-context.sh VERSION OUTDIR
#
# Sources come from $MATHESAR_SRC (default <repo>/../shared/mathesar-src): mathesar-VERSION.tar.gz and
# django-allauth-*.tar.gz, django-modern-rpc-*.tar.gz, django-fernet-encrypted-fields-*.tar.gz.
# Cached: an OUTDIR prepared from the same inputs (marker file .prepared) is left alone.
set -euo pipefail

VERSION=${1:?usage: prepare-context.sh VERSION OUTDIR}
OUT=${2:?usage: prepare-context.sh VERSION OUTDIR}
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
MATHESAR_SRC="${MATHESAR_SRC:-$ROOT/../shared/mathesar-src}"

say() { echo "[mathesar-context] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

TARBALL="$MATHESAR_SRC/mathesar-$VERSION.tar.gz"
[ -f "$TARBALL" ] || die "no Mathesar source for $VERSION: $TARBALL"
for c in tar npm python3 sha256sum; do command -v "$c" >/dev/null || die "$c not found"; done
python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
  || die "python3 >= 3.10 needed (to run Mathesar's package.py helpers)"

# The library versions this Mathesar pins, e.g. "django-allauth[socialaccount]==65.14.1".
pinned() { # distribution name
  tar -xzOf "$TARBALL" "mathesar-$VERSION/requirements.txt" \
    | sed -n "s/^$1\(\[[^]]*\]\)\?==\([^ ;#]*\).*/\2/p" | head -n1
}
LIBS=()    # "tarball package-folder"
for spec in django-allauth:allauth django-modern-rpc:modernrpc django-fernet-encrypted-fields:encrypted_fields; do
  dist=${spec%%:*} pkg=${spec#*:}
  v=$(pinned "$dist"); [ -n "$v" ] || die "$dist is not pinned in mathesar-$VERSION's requirements.txt"
  f="$MATHESAR_SRC/$dist-$v.tar.gz"
  [ -f "$f" ] || die "mathesar $VERSION needs $dist $v: $f is missing"
  LIBS+=("$f $pkg")
done

# Everything the context is made from; OUTDIR is reused only when this matches its marker.
inputs=$( { sha256sum "$TARBALL" "$HERE/prepare-context.sh"; for l in "${LIBS[@]}"; do sha256sum "${l% *}"; done; } \
  | awk '{print $1}' | sha256sum | cut -c1-16)
if [ "$(cat "$OUT/.prepared" 2>/dev/null)" = "$inputs" ]; then
  say "$OUT: up to date"
  exit 0
fi

WORK="$OUT.work" NEW="$OUT.new"
rm -rf "$WORK" "$NEW"
trap 'rm -rf "$WORK" "$NEW"' EXIT
mkdir -p "$WORK" "$NEW/code" "$NEW/libs"

say "extracting mathesar-$VERSION"
tar -xzf "$TARBALL" -C "$WORK"
SRC="$WORK/mathesar-$VERSION"
[ -f "$SRC/build-scripts/package/package.py" ] || die "mathesar-$VERSION has no build-scripts/package/package.py"

# quiet(): runs a command with its output in a log, shown (its end) only when it fails.
quiet() { # log cmd...
  local log=$1; shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    die "failed: $* (full log: $log)"
  fi
}
say "building the UI (npm ci && npm run build)"
LOGS="$OUT.logs"; mkdir -p "$LOGS"
(cd "$SRC/mathesar_ui" \
  && quiet "$LOGS/npm-ci.log" npm ci --no-audit --no-fund --loglevel=error \
  && quiet "$LOGS/npm-build.log" npm run build)
[ -f "$SRC/mathesar/static/mathesar/manifest.json" ] || die "the UI build wrote no manifest.json"

# The layout itself comes from package.py: its SOURCE_CONTENTS_TO_COPY and PATTERNS_TO_IGNORE (minus
# "*.po"), and its generate_startup_script for bin/mathesar.
say "laying out /code as package.py does"
python3 - "$SRC" "$NEW/code" <<'EOF'
import logging, shutil, sys
from pathlib import Path
base, dst = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
sys.path.insert(0, str(base / "build-scripts" / "package"))
import package
package.logger.setLevel(logging.WARNING)
ignore = shutil.ignore_patterns(*[p for p in package.PATTERNS_TO_IGNORE if p != "*.po"])
for sc in package.SOURCE_CONTENTS_TO_COPY:
    src = base / sc
    if src.is_file():
        shutil.copy2(src, dst / sc)
    elif src.is_dir():
        shutil.copytree(src, dst / sc, ignore=ignore)
    else:
        raise SystemExit(f"Missing source file/directory: {src}")
package.generate_startup_script(base, dst)
EOF
[ -f "$NEW/code/bin/mathesar" ] || die "package.py wrote no bin/mathesar"

for l in "${LIBS[@]}"; do
  f=${l% *} pkg=${l#* } top=$(basename "${l% *}" .tar.gz)
  say "adding $pkg from $(basename "$f")"
  tar -xzf "$f" -C "$WORK" "$top/$pkg"
  cp -a "$WORK/$top/$pkg" "$NEW/libs/"
done
find "$NEW" -name __pycache__ -prune -exec rm -rf {} +

# Readable by any uid (the image must also run as non-root), writable only by root.
chmod -R u+rwX,go+rX,go-w "$NEW"
rm -rf "$OUT"
mv "$NEW" "$OUT"
echo "$inputs" >"$OUT/.prepared"
say "context for $VERSION ready in $OUT"
