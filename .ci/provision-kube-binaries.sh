#!/usr/bin/env bash
# Puts kube-apiserver, etcd and kubectl where fabric8 kube-api-test looks for them:
#   ~/.kubeapitest/k8s/<version>-linux-amd64/
# Idempotent: when the three binaries are already there it returns at once.
#
# Order of preference:
#   1. official release binaries (dl.k8s.io, GitHub for etcd) where the network allows it;
#   2. Debian bookworm: etcd from `etcd-server`, kubectl from the machine or `kubernetes-client`,
#      kube-apiserver built from the `kubernetes` source package (1.20.2) with the reflect2 1.0.2 fix
#      (reflect2 1.0.1 crashes under Go >= 1.18 on the first custom resource).
set -euo pipefail

VERSION="${KUBE_API_TEST_API_SERVER_VERSION:-1.20.2}"
TARGET="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${VERSION}-linux-amd64"
WORK="${MATHESAR_TESTBED_WORK:-$HOME/.cache/mathesar-operator-testbed}"

log() { echo "[testbed] $*" >&2; }

have_all() {
  [ -x "$TARGET/kube-apiserver" ] && [ -x "$TARGET/etcd" ] && [ -x "$TARGET/kubectl" ]
}

if have_all; then
  log "binaries present in $TARGET"
  exit 0
fi
mkdir -p "$TARGET"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; return 1; fi
}

download() { # url dest
  curl -fsSL --connect-timeout 10 --max-time 300 -o "$2.part" "$1" && mv "$2.part" "$2" && chmod +x "$2"
}

try_official() {
  local etcd_version=3.4.13 tmp
  log "trying official binaries for $VERSION"
  download "https://dl.k8s.io/v${VERSION}/bin/linux/amd64/kube-apiserver" "$TARGET/kube-apiserver" || return 1
  download "https://dl.k8s.io/v${VERSION}/bin/linux/amd64/kubectl" "$TARGET/kubectl" || return 1
  tmp=$(mktemp -d)
  curl -fsSL --connect-timeout 10 --max-time 300 \
    "https://github.com/etcd-io/etcd/releases/download/v${etcd_version}/etcd-v${etcd_version}-linux-amd64.tar.gz" \
    | tar -xz -C "$tmp" --strip-components=1 || { rm -rf "$tmp"; return 1; }
  install -m 0755 "$tmp/etcd" "$TARGET/etcd"
  rm -rf "$tmp"
}

apt_updated=
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} = 0 ] && return 0
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

enable_deb_src() {
  local src=/etc/apt/sources.list.d/mathesar-testbed-src.sources
  [ -f "$src" ] && return 0
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | as_root tee "$src" >/dev/null
  else
    as_root tee "$src" >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  apt_updated=
}

build_apiserver_from_debian() {
  log "building kube-apiserver from Debian's kubernetes source package (about 3 minutes)"
  apt_install golang-go rsync jq dpkg-dev golang-github-modern-go-reflect2-dev ca-certificates
  enable_deb_src
  as_root apt-get update -qq; apt_updated=1
  rm -rf "$WORK"; mkdir -p "$WORK"
  (cd "$WORK" && apt-get source -qq kubernetes >/dev/null 2>&1) || (cd "$WORK" && apt-get source kubernetes)
  local tree
  tree=$(find "$WORK" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)
  [ -n "$tree" ] || { log "kubernetes source tree not found in $WORK"; return 1; }

  local reflect2="$tree/vendor/github.com/modern-go/reflect2"
  rm -rf "$reflect2"; mkdir -p "$reflect2"
  find /usr/share/gocode/src/github.com/modern-go/reflect2/ -maxdepth 1 -type f \
    \( -name '*.go' -o -name '*.s' \) ! -name '*_test.go' -exec cp {} "$reflect2/" \;

  mkdir -p "$tree/.go/src/k8s.io"
  ln -sfn ../../.. "$tree/.go/src/k8s.io/kubernetes"
  rm -rf "$tree/_output"
  (cd "$tree/.go/src/k8s.io/kubernetes" && \
    GOPATH="$tree/.go" GOCACHE="$WORK/gocache" CGO_ENABLED=0 \
      make WHAT=cmd/kube-apiserver >"$WORK/build.log" 2>&1) || { tail -n 40 "$WORK/build.log" >&2; return 1; }
  install -m 0755 "$tree/_output/bin/kube-apiserver" "$TARGET/kube-apiserver"
  rm -rf "$WORK"
}

provision_debian() {
  apt_install etcd-server
  ln -sfn "$(command -v etcd)" "$TARGET/etcd"
  if ! command -v kubectl >/dev/null; then apt_install kubernetes-client; fi
  ln -sfn "$(command -v kubectl)" "$TARGET/kubectl"
  [ -x "$TARGET/kube-apiserver" ] || build_apiserver_from_debian
}

if [ "${MATHESAR_TESTBED_SKIP_DOWNLOAD:-}" != true ] && try_official; then
  :
else
  rm -f "$TARGET"/*.part
  [ -x "$TARGET/kube-apiserver" ] && [ ! -L "$TARGET/kube-apiserver" ] && \
    ! "$TARGET/kube-apiserver" --version >/dev/null 2>&1 && rm -f "$TARGET/kube-apiserver"
  provision_debian
fi

have_all || { log "provisioning failed"; exit 1; }
log "ready: $("$TARGET/kube-apiserver" --version 2>/dev/null), etcd $("$TARGET/etcd" --version 2>/dev/null | head -n1)"
