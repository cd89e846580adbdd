#!/usr/bin/env bash
# A real single-node Kubernetes 1.20.2 on this machine, from Debian's packages only:
#
#   bash .ci/cluster.sh up        # idempotent; builds what is missing once, then up in well under a minute
#   bash .ci/cluster.sh down      # stops everything it started; no container, process, mount or rule left
#   bash .ci/cluster.sh status    # what runs, and the node
#   bash .ci/cluster.sh kubeconfig  # prints the admin kubeconfig's path
#   bash .ci/cluster.sh docker    # only a running Docker daemon (for building images)
#   bash .ci/cluster.sh check     # whether this machine can run it: one line naming what is missing
#
# Parts: etcd, kube-apiserver, kube-controller-manager (with the hostPath provisioner), kube-scheduler,
# kubelet (dockershim on Debian's docker.io), kube-proxy (iptables), a CNI bridge, dnsmasq as cluster
# DNS fed from the Services, and a default StorageClass. Why each odd flag is there:
# ../shared/real-cluster.md and docs/e2e.md.
set -euo pipefail
LOG_TAG=cluster
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib/common.sh"

STATE="${MATHESAR_CLUSTER_DIR:-/var/lib/mathesar-e2e}"
KUBELET_ROOT="$STATE/kubelet"
CNI_NET=mathesar-e2e
POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/16
API_SERVICE_IP=10.96.0.1
PAUSE_IMAGE=mathesar-e2e/pause:1.20.2
ETCD_PORT=23790
KUBECONFIG_FILE="$STATE/kubeconfig"
HOSTPATH_PV=/tmp/hostpath_pv   # fixed by kube-controller-manager's hostPath provisioner
DOCKER=/usr/bin/docker         # Debian's client; another one earlier on PATH may not speak to dockerd 20.10

node_ip() { ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -n1; }
node_name() { hostname | tr 'A-Z_' 'a-z-'; }
pidfile() { echo "$STATE/run/$1.pid"; }
running() { local f; f=$(pidfile "$1"); [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }
kc() { "$KUBE_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

start_bg() { # name cmd...: starts a daemon once, logging to $STATE/log/<name>.log
  local name=$1; shift
  running "$name" && return 0
  mkdir -p "$STATE/run" "$STATE/log"
  setsid "$@" >>"$STATE/log/$name.log" 2>&1 < /dev/null &
  echo $! > "$(pidfile "$name")"
}

await() { # seconds description cmd...: polls cmd every second until it succeeds
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "timed out waiting for $what (logs: $STATE/log/)"
    sleep 1
  done
}

# ---------------------------------------------------------------------------------------------------
# What this machine must be, checked without changing anything.
check_host() {
  [ "$(id -u)" = 0 ] || die "must run as root (kubelet, iptables, mounts)"
  [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] || die "needs Linux on x86_64"
  [ -d /sys/fs/cgroup/memory ] || [ -f /sys/fs/cgroup/cgroup.controllers ] || die "no cgroups mounted at /sys/fs/cgroup"
  if [ -f /sys/fs/cgroup/cgroup.controllers ] && [ ! -d /sys/fs/cgroup/memory ]; then
    die "only cgroup v2 is mounted: kubelet 1.20 needs cgroup v1 (systemd.unified_cgroup_hierarchy=0)"
  fi
  command -v apt-get >/dev/null || die "apt-get not found: this script installs Debian packages"
}

check_prerequisites() {
  check_host
  apt_install docker.io containerd runc iptables conntrack socat ethtool ebtables \
    containernetworking-plugins openssl dnsmasq-base iproute2 procps ca-certificates curl
  # The node binaries are wanted here even where the official API-server binaries can be downloaded.
  MATHESAR_NODE_BINARIES=true bash "$HERE/provision-kube-binaries.sh" >&2
  [ -x "$KUBE_BIN/kubelet" ] || die "node binaries missing in $KUBE_BIN (provision-kube-binaries.sh did not build them)"
  ln -sfn "$(command -v kubectl)" "$KUBE_BIN/kubectl"
  modprobe br_netfilter 2>/dev/null || true
  sysctl -qw net.ipv4.ip_forward=1
}

# Docker: ours, unless one already runs. Without CAP_SYS_RESOURCE (this kind of VM) runc cannot set the
# negative oom_score_adj the kubelet asks for each sandbox; a wrapper rewrites it to 0 first.
start_docker() {
  if $DOCKER info >/dev/null 2>&1; then return 0; fi
  mkdir -p "$STATE/docker"
  cat > "$STATE/docker/runc-wrapper" <<'WRAP'
#!/bin/sh
# Rewrites a negative process.oomScoreAdj in the bundle's config.json to 0, then runs runc.
bundle=
prev=
for a in "$@"; do
  [ "$prev" = --bundle ] || [ "$prev" = -b ] && bundle=$a
  prev=$a
done
if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then
  sed -i 's/"oomScoreAdj":-[0-9]*/"oomScoreAdj":0/' "$bundle/config.json"
fi
exec runc "$@"
WRAP
  chmod +x "$STATE/docker/runc-wrapper"
  cat > "$STATE/docker/daemon.json" <<JSON
{"runtimes":{"mathesar-e2e":{"path":"$STATE/docker/runc-wrapper"}},"default-runtime":"mathesar-e2e",
 "iptables":false,"bridge":"none","ip-forward":false,"ip-masq":false,"exec-opts":["native.cgroupdriver=cgroupfs"]}
JSON
  start_bg dockerd dockerd --config-file "$STATE/docker/daemon.json" --pidfile "$STATE/run/dockerd.real.pid"
  await 60 "dockerd" $DOCKER info
}

ensure_pause_image() {
  $DOCKER image inspect "$PAUSE_IMAGE" >/dev/null 2>&1 && return 0
  local d; d=$(mktemp -d)
  cp "$KUBE_BIN/pause" "$d/pause"
  tar -C "$d" -c pause | $DOCKER import -c 'ENTRYPOINT ["/pause"]' - "$PAUSE_IMAGE" >/dev/null
  rm -rf "$d"
}

make_pki() {
  local pki="$STATE/pki" ip=$1
  [ -f "$pki/apiserver.crt" ] && grep -qx "$ip" "$pki/apiserver.ip" 2>/dev/null && return 0
  mkdir -p "$pki"; cd "$pki"
  [ -f ca.crt ] || openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=mathesar-e2e-ca" \
      -keyout ca.key -out ca.crt 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout apiserver.key -out apiserver.csr 2>/dev/null
  printf 'subjectAltName=IP:%s,IP:%s,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost\nextendedKeyUsage=serverAuth\n' \
    "$ip" "$API_SERVICE_IP" > apiserver.ext
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile apiserver.ext -out apiserver.crt 2>/dev/null
  [ -f sa.key ] || { openssl genrsa -out sa.key 2048 2>/dev/null; openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null; }
  [ -f tokens.csv ] || {
    echo "$(openssl rand -hex 16),admin,admin,system:masters" > tokens.csv
    echo "$(openssl rand -hex 16),system:node:$(node_name),kubelet,system:nodes" >> tokens.csv
    chmod 600 tokens.csv
  }
  echo "$ip" > apiserver.ip
  cd - >/dev/null
}

write_kubeconfig() { # file user-line-in-tokens.csv server
  local token; token=$(sed -n "${2}p" "$STATE/pki/tokens.csv" | cut -d, -f1)
  cat > "$1" <<KC
apiVersion: v1
kind: Config
clusters:
- name: mathesar-e2e
  cluster:
    server: $3
    certificate-authority: $STATE/pki/ca.crt
users:
- name: user
  user:
    token: $token
contexts:
- name: mathesar-e2e
  context: {cluster: mathesar-e2e, user: user}
current-context: mathesar-e2e
KC
  chmod 600 "$1"
}

write_cni_config() {
  mkdir -p "$STATE/cni"
  cat > "$STATE/cni/10-$CNI_NET.conflist" <<JSON
{"cniVersion":"0.4.0","name":"$CNI_NET","plugins":[
 {"type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":true,"hairpinMode":true,
  "ipam":{"type":"host-local","ranges":[[{"subnet":"$POD_CIDR"}]],"routes":[{"dst":"0.0.0.0/0"}]}},
 {"type":"portmap","capabilities":{"portMappings":true}}]}
JSON
}

# Docker or a distribution may set FORWARD to DROP while bridge-nf-call-iptables is 1: pod-to-pod
# traffic on cni0 would be dropped. The rules carry a comment so that `down` removes exactly these.
forward_rules() { # -I or -D
  local dir
  for dir in -i -o; do
    if [ "$1" = -I ]; then
      iptables -C FORWARD $dir cni0 -j ACCEPT -m comment --comment "$CNI_NET" 2>/dev/null || \
        iptables -I FORWARD $dir cni0 -j ACCEPT -m comment --comment "$CNI_NET"
    else
      while iptables -D FORWARD $dir cni0 -j ACCEPT -m comment --comment "$CNI_NET" 2>/dev/null; do :; done
    fi
  done
}

# Cluster DNS: dnsmasq answers <svc>.<ns>.svc.cluster.local from a hosts file kept in step with the
# Services (the pods' search domains make the short forms work); other names go upstream. dnsmasq
# reads the hosts directory by inotify: a SIGHUP arriving before it has set up its handler would kill
# it silently, which happened under load.
dns_sync_loop() {
  local hosts="$STATE/dns/hosts.d/services" tmp="$STATE/dns/services.new"
  while true; do
    if kc get svc -A -o jsonpath='{range .items[*]}{.spec.clusterIP} {.metadata.name}.{.metadata.namespace}.svc.cluster.local{"\n"}{end}' \
        2>/dev/null | grep -v '^None ' | grep -v '^ ' > "$tmp"; then
      cmp -s "$tmp" "$hosts" || mv "$tmp" "$hosts"
    fi
    # The hostPath provisioner makes each volume root-owned with mode 0750, and the kubelet applies no
    # fsGroup to hostPath: open new volumes to every uid, as a block device with fsGroup would be.
    find "$HOSTPATH_PV" -mindepth 1 -maxdepth 1 -type d ! -perm -0777 -exec chmod 0777 {} + 2>/dev/null || true
    sleep 2
  done
}

start_dns() { # node-ip
  mkdir -p "$STATE/dns/hosts.d"
  start_bg dnsmasq dnsmasq --keep-in-foreground --user=root --listen-address "$1" --bind-interfaces \
    --no-hosts --hostsdir "$STATE/dns/hosts.d" --local=/cluster.local/ --log-facility=- --cache-size=0
  export -f dns_sync_loop kc running pidfile
  export STATE KUBE_BIN KUBECONFIG_FILE HOSTPATH_PV
  start_bg dns-sync bash -c dns_sync_loop
  await 30 "cluster DNS" bash -c "grep -q 'kubernetes.default.svc.cluster.local' '$STATE/dns/hosts.d/services' 2>/dev/null \
    && grep -q 'read $STATE/dns/hosts.d/services' '$STATE/log/dnsmasq.log' && running dnsmasq"
}

up() {
  check_prerequisites
  local ip name; ip=$(node_ip); name=$(node_name)
  [ -n "$ip" ] || die "no IPv4 address with a default route: the API server must advertise one"
  mkdir -p "$STATE"/{run,log,etcd}
  start_docker
  ensure_pause_image
  make_pki "$ip"
  write_kubeconfig "$KUBECONFIG_FILE" 1 "https://$ip:6443"
  write_kubeconfig "$STATE/kubelet.kubeconfig" 2 "https://$ip:6443"
  write_cni_config
  forward_rules -I

  start_bg etcd etcd --data-dir "$STATE/etcd" --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" --listen-peer-urls http://127.0.0.1:23800 \
    --initial-advertise-peer-urls http://127.0.0.1:23800 --initial-cluster default=http://127.0.0.1:23800
  start_bg kube-apiserver "$KUBE_BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 0.0.0.0 --advertise-address "$ip" --secure-port 6443 \
    --tls-cert-file "$STATE/pki/apiserver.crt" --tls-private-key-file "$STATE/pki/apiserver.key" \
    --client-ca-file "$STATE/pki/ca.crt" --token-auth-file "$STATE/pki/tokens.csv" \
    --authorization-mode Node,RBAC --service-cluster-ip-range "$SERVICE_CIDR" \
    --service-account-key-file "$STATE/pki/sa.pub" --service-account-signing-key-file "$STATE/pki/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --kubelet-preferred-address-types InternalIP --allow-privileged=true --insecure-port 0
  await 60 "kube-apiserver" kc get --raw /readyz

  start_bg kube-controller-manager "$KUBE_BIN/kube-controller-manager" --kubeconfig "$KUBECONFIG_FILE" \
    --controllers '*' --root-ca-file "$STATE/pki/ca.crt" --service-account-private-key-file "$STATE/pki/sa.key" \
    --use-service-account-credentials=false --leader-elect=false --port 0 --enable-hostpath-provisioner
  start_bg kube-scheduler "$KUBE_BIN/kube-scheduler" --kubeconfig "$KUBECONFIG_FILE" --leader-elect=false --port 0
  start_bg kubelet "$KUBE_BIN/kubelet" --kubeconfig "$STATE/kubelet.kubeconfig" --root-dir "$KUBELET_ROOT" \
    --hostname-override "$name" --node-ip "$ip" \
    --cgroup-driver cgroupfs --fail-swap-on=false --cgroups-per-qos=false --enforce-node-allocatable '' \
    --eviction-hard '' --image-gc-high-threshold 100 --image-gc-low-threshold 99 \
    --network-plugin cni --cni-bin-dir /usr/lib/cni --cni-conf-dir "$STATE/cni" \
    --pod-infra-container-image "$PAUSE_IMAGE" --cluster-dns "$ip" --cluster-domain cluster.local \
    --resolv-conf /etc/resolv.conf --read-only-port 0 --register-node=true
  start_bg kube-proxy "$KUBE_BIN/kube-proxy" --kubeconfig "$KUBECONFIG_FILE" --proxy-mode iptables \
    --cluster-cidr 10.244.0.0/16 --conntrack-max-per-core 0 --hostname-override "$name" \
    --metrics-bind-address 127.0.0.1:10249
  start_dns "$ip"

  await 90 "node $name Ready" bash -c "'$KUBE_BIN/kubectl' --kubeconfig '$KUBECONFIG_FILE' get node '$name' \
    -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
  kc apply -f - >/dev/null <<'SC'
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: kubernetes.io/host-path
reclaimPolicy: Delete
volumeBindingMode: Immediate
SC
  await 60 "ServiceAccount default/default" kc get serviceaccount default -n default
  log "up: node $name ($ip), kubeconfig $KUBECONFIG_FILE"
}

# Removes the iptables rules of kubelet, kube-proxy and the CNI plugins (KUBE-* and CNI-* chains and the
# jumps into them); nothing else is touched.
remove_chains() {
  local table rule chain
  for table in filter nat mangle; do
    iptables -t "$table" -S 2>/dev/null | grep -E '^-A [A-Z]+ .*-j (KUBE-|CNI-)' | grep -vE '^-A (KUBE-|CNI-)' \
      | while read -r rule; do eval "iptables -t $table ${rule/-A/-D}" 2>/dev/null || true; done || true
    for chain in $(iptables -t "$table" -S 2>/dev/null | sed -n 's/^-N \(\(KUBE\|CNI\)-[^ ]*\)$/\1/p'); do
      iptables -t "$table" -F "$chain" 2>/dev/null || true
    done
    for chain in $(iptables -t "$table" -S 2>/dev/null | sed -n 's/^-N \(\(KUBE\|CNI\)-[^ ]*\)$/\1/p'); do
      iptables -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
}

stop_proc() { # name
  local f; f=$(pidfile "$1")
  [ -f "$f" ] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

down() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  [ -d "$STATE" ] || { log "nothing to stop"; return 0; }
  stop_proc dns-sync; stop_proc dnsmasq
  stop_proc kubelet; stop_proc kube-scheduler; stop_proc kube-controller-manager
  if [ -x /usr/bin/docker ] && $DOCKER info >/dev/null 2>&1; then
    local ids; ids=$($DOCKER ps -aq --filter label=io.kubernetes.pod.name 2>/dev/null || true)
    [ -z "$ids" ] || $DOCKER rm -f $ids >/dev/null 2>&1 || true
  fi
  stop_proc kube-proxy; stop_proc kube-apiserver; stop_proc etcd
  [ -x "$KUBE_BIN/kube-proxy" ] && "$KUBE_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
  stop_proc dockerd
  local m
  for m in $(awk -v r="$KUBELET_ROOT" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  remove_chains
  forward_rules -D
  ip link del cni0 2>/dev/null || true
  rm -rf "/var/lib/cni/networks/$CNI_NET" "$HOSTPATH_PV" "$STATE/etcd" "$KUBELET_ROOT" "$STATE/dns" "$STATE/run"
  log "down"
}

status() {
  local p rc=0
  for p in dockerd etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy dnsmasq dns-sync; do
    if running "$p"; then echo "$p: running (pid $(cat "$(pidfile "$p")"))"; else echo "$p: stopped"; rc=3; fi
  done
  [ -f "$KUBECONFIG_FILE" ] && kc get nodes 2>/dev/null || true
  return $rc
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kubeconfig) echo "$KUBECONFIG_FILE" ;;
  docker) [ "$(id -u)" = 0 ] || die "must run as root"; apt_install docker.io containerd runc; start_docker ;;
  check) check_host ;;
  *) echo "usage: $0 up|down|status|kubeconfig|docker|check" >&2; exit 2 ;;
esac
