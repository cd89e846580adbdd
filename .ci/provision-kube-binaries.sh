#!/usr/bin/env bash
# Provides the Kubernetes 1.20.2 binaries the project needs, once per machine:
#  - kube-apiserver, etcd, kubectl where fabric8 kube-api-test looks for them
#    (~/.kubeapitest/k8s/<version>-linux-amd64/), for the API-level tests;
#  - kubelet, kube-controller-manager, kube-scheduler, kube-proxy and a static `pause` in
#    $MATHESAR_CACHE/kube-<version>/, for the real single-node cluster (.ci/cluster.sh).
# Idempotent: whatever is there already is kept; a second run returns in a second.
#
# Order of preference:
#   1. official release binaries (dl.k8s.io, GitHub for etcd) where the network allows it (API-level
#      tests only: elsewhere the end-to-end suite runs on kind);
#   2. Debian bookworm: etcd from `etcd-server`, kubectl from the machine or `kubernetes-client`, and
#      every Kubernetes binary built in one `make` from the `kubernetes` source package (1.20.2) with the
#      reflect2 1.0.2 fix (reflect2 1.0.1 crashes under Go >= 1.18 on the first custom resource).
set -euo pipefail
LOG_TAG=kube-binaries
. "$(dirname "$0")/lib/common.sh"

TARGET="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${KUBE_VERSION}-linux-amd64"
WORK="$MATHESAR_CACHE/kube-build"
NODE_BINARIES=(kubelet kube-controller-manager kube-scheduler kube-proxy)

have_testbed() { [ -x "$TARGET/kube-apiserver" ] && [ -x "$TARGET/etcd" ] && [ -x "$TARGET/kubectl" ]; }
have_node() {
  local b
  for b in "${NODE_BINARIES[@]}" pause kube-apiserver; do [ -x "$KUBE_BIN/$b" ] || return 1; done
}
want_node() { [ "${MATHESAR_NODE_BINARIES:-auto}" = true ] || { [ "${MATHESAR_NODE_BINARIES:-auto}" = auto ] && command -v apt-get >/dev/null && [ "$(uname -m)" = x86_64 ] && ! official_reachable; }; }

official_reachable() {
  [ "${MATHESAR_TESTBED_SKIP_DOWNLOAD:-}" != true ] && \
    curl -fsI --connect-timeout 5 --max-time 10 "https://dl.k8s.io/v${KUBE_VERSION}/bin/linux/amd64/kubectl" >/dev/null 2>&1
}

download() { # url dest
  curl -fsSL --connect-timeout 10 --max-time 300 -o "$2.part" "$1" && mv "$2.part" "$2" && chmod +x "$2"
}

try_official() {
  local etcd_version=3.4.13 tmp
  official_reachable || return 1
  log "downloading official binaries for $KUBE_VERSION"
  download "https://dl.k8s.io/v${KUBE_VERSION}/bin/linux/amd64/kube-apiserver" "$TARGET/kube-apiserver" || return 1
  download "https://dl.k8s.io/v${KUBE_VERSION}/bin/linux/amd64/kubectl" "$TARGET/kubectl" || return 1
  tmp=$(mktemp -d)
  curl -fsSL --connect-timeout 10 --max-time 300 \
    "https://github.com/etcd-io/etcd/releases/download/v${etcd_version}/etcd-v${etcd_version}-linux-amd64.tar.gz" \
    | tar -xz -C "$tmp" --strip-components=1 || { rm -rf "$tmp"; return 1; }
  install -m 0755 "$tmp/etcd" "$TARGET/etcd"
  rm -rf "$tmp"
}

enable_deb_src() {
  local src=/etc/apt/sources.list.d/mathesar-testbed-src.sources
  [ -f "$src" ] && return 0
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | as_root tee "$src" >/dev/null
  else
    as_root tee "$src" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
  apt_refresh
}

build_from_debian() {
  log "building Kubernetes $KUBE_VERSION from Debian's kubernetes source package (about 10 minutes, once)"
  apt_install golang-go rsync jq dpkg-dev gcc libc6-dev golang-github-modern-go-reflect2-dev ca-certificates
  enable_deb_src
  apt_locked apt-get update -qq >/dev/null || die "apt-get update failed"
  rm -rf "$WORK"; mkdir -p "$WORK"
  (cd "$WORK" && apt-get source -qq kubernetes >/dev/null 2>&1) || (cd "$WORK" && apt-get source kubernetes) \
    || die "apt-get source kubernetes failed"
  local tree
  tree=$(find "$WORK" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)
  [ -n "$tree" ] || die "kubernetes source tree not found in $WORK"

  local reflect2="$tree/vendor/github.com/modern-go/reflect2"
  rm -rf "$reflect2"; mkdir -p "$reflect2"
  find /usr/share/gocode/src/github.com/modern-go/reflect2/ -maxdepth 1 -type f \
    \( -name '*.go' -o -name '*.s' \) ! -name '*_test.go' -exec cp {} "$reflect2/" \;

  mkdir -p "$tree/.go/src/k8s.io"
  ln -sfn ../../.. "$tree/.go/src/k8s.io/kubernetes"
  rm -rf "$tree/_output"
  local what="cmd/kube-apiserver" b
  if want_node; then for b in "${NODE_BINARIES[@]}"; do what="$what cmd/$b"; done; fi
  (cd "$tree/.go/src/k8s.io/kubernetes" && \
    GOPATH="$tree/.go" GOCACHE="$WORK/gocache" CGO_ENABLED=0 nice make WHAT="$what" >"$WORK/build.log" 2>&1) \
    || { tail -n 40 "$WORK/build.log" >&2; die "make WHAT=\"$what\" failed (log above)"; }
  mkdir -p "$KUBE_BIN"
  for b in kube-apiserver "${NODE_BINARIES[@]}"; do
    [ -x "$tree/_output/bin/$b" ] && install -m 0755 "$tree/_output/bin/$b" "$KUBE_BIN/$b"
  done
  if want_node; then
    gcc -Os -static -o "$KUBE_BIN/pause" "$tree/build/pause/linux/pause.c" || die "compiling pause failed"
  fi
  rm -rf "$WORK"
}

mkdir -p "$TARGET"
if ! have_testbed; then
  if [ ! -x "$TARGET/kube-apiserver" ] && [ ! -x "$KUBE_BIN/kube-apiserver" ] && try_official; then
    :
  else
    rm -f "$TARGET"/*.part
    apt_install etcd-server
    ln -sfn "$(command -v etcd)" "$TARGET/etcd"
    command -v kubectl >/dev/null || apt_install kubernetes-client
    ln -sfn "$(command -v kubectl)" "$TARGET/kubectl"
  fi
fi
if { [ ! -x "$TARGET/kube-apiserver" ] && [ ! -x "$KUBE_BIN/kube-apiserver" ]; } || { want_node && ! have_node; }; then
  timed "Kubernetes build" build_from_debian
fi
[ -x "$TARGET/kube-apiserver" ] || ln -sfn "$KUBE_BIN/kube-apiserver" "$TARGET/kube-apiserver"

have_testbed || die "provisioning failed: $TARGET lacks kube-apiserver, etcd or kubectl"
log "ready: $("$TARGET/kube-apiserver" --version 2>/dev/null), etcd $("$TARGET/etcd" --version 2>/dev/null | head -n1)"
if have_node; then log "node binaries in $KUBE_BIN"; fi
