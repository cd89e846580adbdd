#!/usr/bin/env bash
# Checks s3transfer.py, the S3 client of the backup, restore and prune Jobs, the way those Jobs run it
# (`python3 -c "<file>" put|get|delete` in the Mathesar image, as uid 1000 with a read-only root
# filesystem and a writable /tmp and work directory), against s3proxy, which checks Signature V4 and
# payload hashes as S3 does. A few seconds per check, no cluster: for working on the script itself.
#
#   bash .ci/check-s3transfer.sh        (as root; MATHESAR_IMAGE=... for another Mathesar image,
#                                        S3TRANSFER=path for another copy of the script)
#
# Prints PASS/FAIL per check and "N passed, M failed"; exits 1 when any failed.
set -euo pipefail
LOG_TAG=check-s3transfer
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
. "$HERE/lib/common.sh"

DOCKER=/usr/bin/docker
MATHESAR_IMAGE="${MATHESAR_IMAGE:-mathesar/mathesar:0.11.0}"
SCRIPT="${S3TRANSFER:-$ROOT/operator/src/main/resources/org/mathesar/operator/backup/s3transfer.py}"
S3_IMAGE="mathesar-e2e/s3proxy:$(sed -n 's/^S3PROXY_VERSION=//p' "$HERE/images.sh")"
# The one key pair the server takes.
ACCESS_KEY_ID=$(sed -n 's/^s3proxy.identity=//p' "$HERE/images/s3proxy/s3proxy.conf")
SECRET_ACCESS_KEY=$(sed -n 's/^s3proxy.credential=//p' "$HERE/images/s3proxy/s3proxy.conf")
BUCKET=mathesar-backups
PREFIX=backups/ns1/inst/b1
WRONG_SECRET="wrong-secret-$RANDOM$RANDOM-must-not-leak"
NAME="check-s3transfer-$$" # every container's name starts with it (the trap removes them all)

[ "$(id -u)" = 0 ] || die "must run as root (Docker)"
[ -f "$SCRIPT" ] || die "no $SCRIPT"
[ -n "$ACCESS_KEY_ID" ] && [ -n "$SECRET_ACCESS_KEY" ] || die "no key pair in $HERE/images/s3proxy/s3proxy.conf"
$DOCKER image inspect "$MATHESAR_IMAGE" >/dev/null 2>&1 \
  || die "no $MATHESAR_IMAGE: build it first (bash .ci/images.sh mathesar 0.11.0)"
apt_install curl openssl
bash "$HERE/images.sh" s3proxy

WORK=$(mktemp -d)
cleanup() {
  $DOCKER ps -aq --filter "name=^$NAME-" | xargs -r $DOCKER rm -f >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
chmod 0777 "$WORK" # uid 1000 in the containers writes here

# A local port nothing listens on (for the servers, and for "unreachable"). It is taken below the
# kernel's ephemeral range: a port there can be the local end of some outgoing connection, which
# nothing listens on yet a server cannot bind (a CI run failed so, "Address already in use"). On a
# kernel whose range starts at 11000 or lower the ports come from 10000-32767, partly inside it,
# and only the ss check below keeps a held port out.
EPHEMERAL_LOW=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
[ "$EPHEMERAL_LOW" -gt 11000 ] 2>/dev/null || EPHEMERAL_LOW=32768
free_port() {
  local port
  while :; do
    port=$((10000 + RANDOM % (EPHEMERAL_LOW - 10000)))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    # Nothing answers; also nothing holds it bound (a listener not yet accepting, a socket in use).
    if command -v ss >/dev/null && [ -n "$(ss -Htan "sport = :$port" 2>/dev/null)" ]; then continue; fi
    echo "$port"
    return
  done
}

# Waits until a server answers HTTP on a port (any status), or its container stops.
wait_http() { # port container what
  local deadline=$((SECONDS + 90))
  until curl -s -I -o /dev/null --max-time 2 "http://127.0.0.1:$1/"; do
    [ "$($DOCKER inspect -f '{{.State.Running}}' "$2" 2>/dev/null)" = true ] \
      || { $DOCKER logs "$2" 2>&1 | tail -20 >&2; die "$3 stopped"; }
    [ "$SECONDS" -lt "$deadline" ] || die "$3 did not answer on port $1 within 90 s"
    sleep 0.2
  done
}

S3_PORT=$(free_port)
ENDPOINT="http://127.0.0.1:$S3_PORT"
# s3proxy's port is in its properties file; a system property overrides it (the host network has
# no port mapping). Objects on a tmpfs: nothing outlives the check.
$DOCKER run -d --name "$NAME-s3" --network host --tmpfs /data:uid=1000,gid=1000 \
  -e "JAVA_TOOL_OPTIONS=-Ds3proxy.endpoint=$ENDPOINT" "$S3_IMAGE" "$BUCKET" >/dev/null
wait_http "$S3_PORT" "$NAME-s3" s3proxy
log "s3proxy ($S3_IMAGE) at $ENDPOINT, bucket $BUCKET"

# --- running s3transfer.py -------------------------------------------------------------------------
RUNS=0
# Runs s3transfer.py COMMAND with LOCAL_DIR=/work/DIR and the server's endpoint, bucket, prefix and
# keys, as a Job runs it; later -e args override those. Sets RC, OUT, ERR, TLOG (the termination
# log, fresh for each run) and TOOK (milliseconds); keeps every output in $WORK/all-output.
transfer() { # dir command [docker run args...]
  local dir=$1 command=$2 start=${EPOCHREALTIME/./}; shift 2
  RUNS=$((RUNS + 1))
  mkdir -p "$WORK/$dir"; chmod 0777 "$WORK/$dir"
  : >"$WORK/termination-log"; chmod 0666 "$WORK/termination-log"
  RC=0
  $DOCKER run --rm --name "$NAME-run$RUNS" --user 1000 --read-only --tmpfs /tmp --network host \
    -v "$WORK:/work" -w /work \
    -e "S3_ENDPOINT=$ENDPOINT" -e "S3_BUCKET=$BUCKET" -e S3_REGION=us-east-1 -e "S3_PREFIX=$PREFIX" \
    -e "AWS_ACCESS_KEY_ID=$ACCESS_KEY_ID" -e "AWS_SECRET_ACCESS_KEY=$SECRET_ACCESS_KEY" \
    -e "LOCAL_DIR=/work/$dir" -e TERMINATION_LOG=/work/termination-log \
    -e S3_MULTIPART_THRESHOLD=$((5 << 20)) -e S3_PART_SIZE=$((5 << 20)) \
    "$@" "$MATHESAR_IMAGE" python3 -c "$(cat "$SCRIPT")" "$command" \
    >"$WORK/out" 2>"$WORK/err" || RC=$?
  TOOK=$(((${EPOCHREALTIME/./} - start) / 1000)) # ms
  OUT=$(cat "$WORK/out"); ERR=$(cat "$WORK/err"); TLOG=$(cat "$WORK/termination-log")
  printf '%s\n' "$OUT" "$ERR" "$TLOG" >>"$WORK/all-output"
}

PASSED=0
FAILED=0
pass() { echo "PASS $1"; PASSED=$((PASSED + 1)); }
fail() {
  echo "FAIL $1: $2"
  echo "     exit $RC; stdout: ${OUT:-(none)}; stderr: ${ERR:-(none)}; termination log: ${TLOG:-(none)}"
  FAILED=$((FAILED + 1))
}
check() { # name message condition...
  local name=$1 message=$2; shift 2
  if "$@"; then pass "$name"; else fail "$name" "$message"; fi
}

# The failure contract: exit 1, one line "Reason: ..." in the termination log, the same on stderr.
failed_with() { # reason
  [ "$RC" = 1 ] && [[ "$TLOG" == "$1: "* ]] && [ "$(printf '%s\n' "$TLOG" | wc -l)" = 1 ] && [ "$ERR" = "$TLOG" ]
}
expect_failure() { # name reason
  check "$1" "expected exit 1 and one line '$2: ...' in the termination log and on stderr" failed_with "$2"
}

# An object as the server has it, read by curl's own SigV4 signer.
object() { # key [curl args...]
  local key=$1; shift
  curl -s --aws-sigv4 "aws:amz:us-east-1:s3" --user "$ACCESS_KEY_ID:$SECRET_ACCESS_KEY" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@" "$ENDPOINT/$BUCKET/$key"
}

random_file() { head -c "$2" /dev/urandom >"$1"; }
same_files() { # dir dir
  local f
  for f in database.dump media.tar backup.json; do cmp -s "$WORK/$1/$f" "$WORK/$2/$f" || return 1; done
}

# --- the checks ------------------------------------------------------------------------------------
mkdir -p "$WORK/up" "$WORK/other"
random_file "$WORK/up/database.dump" $((100 << 10))  # below the threshold: one PUT
random_file "$WORK/up/media.tar" $((12 << 20))       # above: multipart, parts of 5, 5 and 2 MiB
echo '{"format":1,"from":"check-s3transfer","uid":"uid-of-up"}' >"$WORK/up/backup.json"
random_file "$WORK/other/database.dump" 2048
random_file "$WORK/other/media.tar" 4096
echo '{"format":1,"other":true}' >"$WORK/other/backup.json"
chmod -R a+rwX "$WORK"

transfer up put
check "put uploads a backup" "expected exit 0 and 'backup written to s3://$BUCKET/$PREFIX/'" \
  test "$RC" = 0 -a "$OUT" = "backup written to s3://$BUCKET/$PREFIX/"
check "put writes the sizes to the termination log" "expected {\"databaseBytes\":102400,\"mediaBytes\":12582912}" \
  test "$TLOG" = '{"databaseBytes":102400,"mediaBytes":12582912}'
ETAG_MEDIA=$(object "$PREFIX/media.tar" -I | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: *//p')
ETAG_DUMP=$(object "$PREFIX/database.dump" -I | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: *//p')
check "media.tar went as a 3-part multipart upload" "ETag $ETAG_MEDIA, expected one ending in -3" \
  test "${ETAG_MEDIA%\"}" != "${ETAG_MEDIA%-3\"}"
check "database.dump went as one PUT" "ETag $ETAG_DUMP, expected a plain MD5" \
  grep -Eq '^"[0-9a-f]{32}"$' <<<"$ETAG_DUMP"
mkdir -p "$WORK/fetched"
for f in database.dump media.tar backup.json; do object "$PREFIX/$f" -o "$WORK/fetched/$f"; done
check "the bucket holds the files byte for byte (read by curl)" "an object differs from its file" \
  same_files up fetched

transfer down get
check "get downloads the backup byte for byte" "expected exit 0 and the three files as uploaded" \
  eval '[ "$RC" = 0 ] && same_files up down'
check "get writes nothing to the termination log" "expected it empty" test -z "$TLOG"
check "get says what it downloaded" "expected one line on stdout" test -n "$OUT" -a "$RC" = 0

transfer other put
expect_failure "a second put is refused: BackupExists" BackupExists
check "BackupExists says to use another name" "expected the location and 'use another MathesarBackup name'" \
  grep -q "s3://$BUCKET/$PREFIX/.*use another MathesarBackup name" <<<"$TLOG"
transfer down2 get
check "the refused put overwrote nothing" "expected the first backup's files" \
  eval '[ "$RC" = 0 ] && same_files up down2'

transfer missing get -e S3_PREFIX=backups/ns1/inst/none
expect_failure "get of a prefix without backup.json: BackupNotFound" BackupNotFound

for command in put get; do
  transfer wrong "$command" -e "AWS_SECRET_ACCESS_KEY=$WRONG_SECRET"
  expect_failure "$command with a wrong secret: S3AccessDenied" S3AccessDenied
  check "$command with a wrong secret names S3's error code" "expected SignatureDoesNotMatch in the message" \
    grep -q SignatureDoesNotMatch <<<"$TLOG"
done
transfer wrong get -e AWS_ACCESS_KEY_ID=no-such-key
expect_failure "an unknown access key: S3AccessDenied" S3AccessDenied

transfer up put -e S3_BUCKET=no-such-bucket
expect_failure "put to a missing bucket: S3BucketNotFound" S3BucketNotFound
transfer down3 get -e S3_BUCKET=no-such-bucket
expect_failure "get from a missing bucket: S3BucketNotFound" S3BucketNotFound

CLOSED=$(free_port)
transfer up put -e "S3_ENDPOINT=http://127.0.0.1:$CLOSED"
expect_failure "a closed port: S3Unreachable" S3Unreachable
check "a closed port fails within 15 s (retries included)" "took $TOOK ms" test "$TOOK" -lt 15000
transfer up put -e S3_ENDPOINT=http://s3.invalid
expect_failure "a name that does not resolve: S3Unreachable" S3Unreachable
check "a name that does not resolve fails within 10 s" "took $TOOK ms" test "$TOOK" -lt 10000
check "S3Unreachable names the endpoint and spec.target.s3.endpoint" "expected both in the message" \
  grep -q "http://s3.invalid.*spec.target.s3.endpoint" <<<"$TLOG"

transfer up put -e S3_ENDPOINT=http://127.0.0.1:1/some/path
expect_failure "an endpoint with a path: S3Config" S3Config
transfer up put -e S3_BUCKET=
expect_failure "no bucket set: S3Config" S3Config

# A download cut short must not be taken as complete: a server that promises more than it sends.
CUT_PORT=$(free_port)
$DOCKER run -d --name "$NAME-cut" --user 1000 --read-only --network host "$MATHESAR_IMAGE" python3 -c '
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Length", "100000"); self.end_headers()
        self.wfile.write(b"x" * 1000); self.wfile.flush(); self.close_connection = True
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()' "$CUT_PORT" >/dev/null
wait_http "$CUT_PORT" "$NAME-cut" "the cut-short server"
transfer cut get -e "S3_ENDPOINT=http://127.0.0.1:$CUT_PORT"
check "a download cut short fails (is not taken as the whole object)" "expected exit 1" \
  eval '[ "$RC" = 1 ] && [ -n "$TLOG" ]'

# --- https with a private CA (s3.caSecret) ---------------------------------------------------------
# A CA of our own signs the server's certificate (for 127.0.0.1); a second CA signs nothing.
mkdir -p "$WORK/tls"
( cd "$WORK/tls"
  for ca in ca other-ca; do
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=check-s3transfer $ca" \
      -keyout "$ca.key" -out "$ca.crt" 2>/dev/null
  done
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server.key -out server.csr 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' >server.ext
  openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
    -extfile server.ext -out server.crt 2>/dev/null
  openssl pkcs12 -export -in server.crt -inkey server.key -name s3proxy -passout pass:changeit \
    -out keystore.p12
  chmod a+r ./* )
TLS_PORT=$(free_port)
TLS_HTTP_PORT=$(free_port)
until [ "$TLS_HTTP_PORT" != "$TLS_PORT" ]; do TLS_HTTP_PORT=$(free_port); done
TLS_ENDPOINT="https://127.0.0.1:$TLS_PORT"
$DOCKER run -d --name "$NAME-s3tls" --network host --tmpfs /data:uid=1000,gid=1000 \
  -v "$WORK/tls:/tls:ro" \
  -e "JAVA_TOOL_OPTIONS=-Ds3proxy.endpoint=http://127.0.0.1:$TLS_HTTP_PORT -Ds3proxy.secure-endpoint=$TLS_ENDPOINT -Ds3proxy.keystore-path=/tls/keystore.p12 -Ds3proxy.keystore-password=changeit" \
  "$S3_IMAGE" "$BUCKET" >/dev/null
wait_http "$TLS_HTTP_PORT" "$NAME-s3tls" "s3proxy with https"
until curl -s -o /dev/null --max-time 2 --cacert "$WORK/tls/ca.crt" "$TLS_ENDPOINT/"; do
  [ "$($DOCKER inspect -f '{{.State.Running}}' "$NAME-s3tls" 2>/dev/null)" = true ] || die "s3proxy with https stopped"
  sleep 0.2
done
log "s3proxy with https at $TLS_ENDPOINT, certificate signed by a private CA"

transfer up put -e "S3_ENDPOINT=$TLS_ENDPOINT" -e S3_PREFIX=backups/ns1/inst/tls \
  -e "S3_CA_PEM=$(cat "$WORK/tls/ca.crt")"
check "put over https trusting the private CA (S3_CA_PEM)" "expected exit 0" test "$RC" = 0
transfer tls-down get -e "S3_ENDPOINT=$TLS_ENDPOINT" -e S3_PREFIX=backups/ns1/inst/tls \
  -e "S3_CA_PEM=$(cat "$WORK/tls/ca.crt")"
check "get over https downloads it byte for byte" "expected exit 0 and the three files" \
  eval '[ "$RC" = 0 ] && same_files up tls-down'
transfer up put -e "S3_ENDPOINT=$TLS_ENDPOINT" -e S3_PREFIX=backups/ns1/inst/tls2
expect_failure "without the CA: S3CertificateUntrusted" S3CertificateUntrusted
check "S3CertificateUntrusted says why and names spec.target.s3.caSecret, at once (no retries)" \
  "expected OpenSSL's reason, the field, under 10 s (took $TOOK ms)" \
  eval 'grep -q "not trusted: .*spec.target.s3.caSecret" <<<"$TLOG" && [ "$TOOK" -lt 10000 ]'
transfer up put -e "S3_ENDPOINT=$TLS_ENDPOINT" -e S3_PREFIX=backups/ns1/inst/tls2 \
  -e "S3_CA_PEM=$(cat "$WORK/tls/other-ca.crt")"
expect_failure "another CA: S3CertificateUntrusted" S3CertificateUntrusted
transfer up put -e "S3_ENDPOINT=$TLS_ENDPOINT" -e S3_PREFIX=backups/ns1/inst/tls2 -e "S3_CA_PEM=not a certificate"
expect_failure "a CA that is no certificate: S3Config" S3Config
transfer up put -e S3_PREFIX=backups/ns1/inst/tls2 -e "S3_CA_PEM=$(cat "$WORK/tls/ca.crt")"
expect_failure "a CA with an http endpoint: S3Config" S3Config

transfer up delete -e BACKUP_UID=uid-of-another-backup
check "delete by another MathesarBackup keeps the objects" "expected exit 0 and 'kept ...' in the termination log" \
  eval '[ "$RC" = 0 ] && [[ "$TLOG" == kept* ]]'
KEPT=$(for f in database.dump media.tar backup.json; do object "$PREFIX/$f" -I -o /dev/null -w '%{http_code} '; done)
check "and every object is still there" "HEAD answered $KEPT" test "$KEPT" = "200 200 200 "
transfer up delete -e BACKUP_UID=uid-of-up
check "delete removes the backup" "expected exit 0 and 'removed s3://$BUCKET/$PREFIX/' in the termination log" \
  test "$RC" = 0 -a "$TLOG" = "removed s3://$BUCKET/$PREFIX/"
LEFT=$(for f in database.dump media.tar backup.json; do object "$PREFIX/$f" -I -o /dev/null -w '%{http_code} '; done)
check "no object is left" "HEAD answered $LEFT" test "$LEFT" = "404 404 404 "
transfer down4 get
expect_failure "get after delete: BackupNotFound" BackupNotFound
transfer up delete -e BACKUP_UID=uid-of-up
check "delete of an absent backup is fine" "expected exit 0" test "$RC" = 0

# Last, so that it covers every run above, https and CA failures included.
check "the wrong secret, the key, signatures and Authorization appear in no output of the $RUNS runs" \
  "found one of them in an output or termination log" \
  eval '! grep -q -F -e "$WRONG_SECRET" -e "$SECRET_ACCESS_KEY" -e "Signature=" -e "AWS4-HMAC-SHA256" "$WORK/all-output"'

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
