# Helpers shared by the .ci scripts (sourced, never run).
# Every script caches what it builds under $MATHESAR_CACHE (default ~/.cache/mathesar-operator), so a
# second run on the same machine rebuilds nothing.

MATHESAR_CACHE="${MATHESAR_CACHE:-$HOME/.cache/mathesar-operator}"
KUBE_VERSION="${KUBE_API_TEST_API_SERVER_VERSION:-1.20.2}"
KUBE_BIN="$MATHESAR_CACHE/kube-$KUBE_VERSION"

log() { echo "[${LOG_TAG:-ci}] $*" >&2; }
die() { echo "[${LOG_TAG:-ci}] ERROR: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "needs root (or sudo) for: $*"; fi
}

# Runs "$@" and logs how long it took, so that first and cached runs can be compared.
timed() { # label cmd...: its exit status is the command's
  local label=$1 start=$SECONDS rc=0; shift
  log "$label ..."
  "$@" || rc=$?
  if [ "$rc" = 0 ]; then log "$label: done in $((SECONDS - start)) s"; else log "$label: FAILED (exit $rc) after $((SECONDS - start)) s"; fi
  return "$rc"
}

_apt_updated=
apt_install() { # packages...: installs those not installed yet
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} = 0 ] && return 0
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand"
  if [ -z "$_apt_updated" ]; then
    apt_locked apt-get update -qq >/dev/null || die "apt-get update failed (is a Debian mirror reachable?)"
    _apt_updated=1
  fi
  log "installing ${missing[*]}"
  apt_locked env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null || die "apt-get install ${missing[*]} failed"
}

# The scripts run side by side (.ci/test builds images while it provisions Kubernetes); apt and dpkg
# take one caller at a time.
apt_locked() { as_root flock /var/lock/mathesar-operator-apt.lock "$@"; }
apt_refresh() { _apt_updated=; }

# A short content hash of files and folders (names and contents), for caching built artefacts.
content_hash() { # paths...
  local p
  for p in "$@"; do
    if [ -d "$p" ]; then (cd "$p" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    else sha256sum < "$p"; fi  # the content, not where the checkout is: clones share images
  done | sha256sum | cut -c1-16
}
