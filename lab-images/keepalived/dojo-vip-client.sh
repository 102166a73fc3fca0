#!/bin/bash
# Failover Dojo: the VRRP lab's client node, "the switch's view" of the VIP.
#
# Usage: dojo-vip-client /etc/dojo/vip-client.env (sets VIP, HTTP_PORT,
# INTERVAL_MS, ARP_WAIT_MS). Every INTERVAL_MS it reads, from inside the lab
# network (the host cannot ARP into it on Docker Desktop):
# - the MAC addresses answering one ARP request for the VIP (arping; two
#   distinct MACs = two routers hold the VIP);
# - this node's neighbour entry for the VIP (`ip -j neigh`);
# - which router answered an HTTP GET of the VIP (a new connection each time,
#   so it goes wherever the neighbour entry points);
# and publishes the latest reading as /run/dojo/www/vip.json, served by busybox
# httpd on port 8080 (GET /vip.json) for the app's probes.
#
# Starting a process is costly on a busy machine (~5 ms of CPU each here, curl
# ~15 ms), and this loop runs four times a second: only arping, ip and mv run
# as programs (writing to files, not through $(...) subshells), and the HTTP GET is bash's /dev/tcp in a forked subshell (no
# exec); the parsing, the clock and the waits are bash builtins (the waits read
# a FIFO nobody writes to, with a timeout). Measured on a keepalived drill, the
# client's container used ~33% of a core with curl and $(...) for every read.
set -u
ENV_FILE=${1:-/etc/dojo/vip-client.env}
# shellcheck disable=SC1090
. "$ENV_FILE"
: "${VIP:?VIP not set}" "${HTTP_PORT:=80}" "${INTERVAL_MS:=250}" "${ARP_WAIT_MS:=150}"
OUT=/run/dojo/www/vip.json
mkdir -p /run/dojo/www
[ -p /run/dojo/tick ] || mkfifo /run/dojo/tick
exec 8<> /run/dojo/tick
busybox httpd -f -p 8080 -h /run/dojo/www &
trap 'exit 0' TERM INT
echo "dojo: watching VIP $VIP every $INTERVAL_MS ms"

now_ms() {
  local us=${EPOCHREALTIME/./}
  REPLY=${us:0:-3}
}

HTTP_FILE=/run/dojo/.http
NEIGH_FILE=/run/dojo/.neigh
ARP_FILE=/run/dojo/.arp
# One GET of the VIP on a new connection, within 300 ms: sets body (the
# response's body) and http_rc (0 answered with 200, 7 no connection, 22 another
# status, 28 no answer in time: curl's exit codes, which the app reads).
http_get() {
  : > "$HTTP_FILE"
  (
    exec 3<> "/dev/tcp/$VIP/$HTTP_PORT" || exit 7
    printf 'GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$VIP" >&3
    IFS= read -r -d '' -t 0.3 resp <&3
    printf '%s' "$resp" > "$HTTP_FILE"
    [ -n "$resp" ] || exit 28
  ) 2>/dev/null &
  local pid=$! waited=0 resp=
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 30 ]; do
    read -r -t 0.01 -u 8 _ 2>/dev/null
    waited=$((waited + 1))
  done
  body=
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    http_rc=28
    return
  fi
  wait "$pid"
  http_rc=$?
  [ "$http_rc" -eq 0 ] || return
  IFS= read -r -d '' resp < "$HTTP_FILE"
  case $resp in
    'HTTP/1.'?' 200 '*) body=${resp#*$'\r\n\r\n'} ;;
    *) http_rc=22 ;;
  esac
}

printf -v arp_wait '0.%03d' "$ARP_WAIT_MS"
mac_re='from (([0-9a-f]{2}:){5}[0-9a-f]{2})'
seq=0
while :; do
  now_ms
  started=$REPLY
  seq=$((seq + 1))
  # One ARP request; every reply within ARP_WAIT_MS is printed (-d: do not stop at the first).
  arp=
  arping -i eth0 -c 1 -w "$arp_wait" -d "$VIP" > "$ARP_FILE" 2>/dev/null
  IFS= read -r -d '' arp < "$ARP_FILE"
  macs=
  declare -A seen=()
  while IFS= read -r line; do
    if [[ $line =~ $mac_re ]]; then
      mac=${BASH_REMATCH[1]}
      if [ -z "${seen[$mac]:-}" ]; then
        seen[$mac]=1
        macs+="${macs:+,}\"$mac\""
      fi
    fi
  done <<< "$arp"
  unset seen
  http_get
  body=${body:0:64}
  http=${body//[^A-Za-z0-9_.-]/}
  neigh=
  ip -j neigh show to "$VIP" dev eth0 > "$NEIGH_FILE" 2>/dev/null && IFS= read -r -d '' neigh < "$NEIGH_FILE"
  neigh=${neigh%$'\n'}
  now_ms
  printf '{"seq":%s,"t":%s,"doneAt":%s,"vip":"%s","arpMacs":[%s],"neigh":%s,"http":"%s","httpExit":%s}\n' \
    "$seq" "$started" "$REPLY" "$VIP" "$macs" "${neigh:-null}" "$http" "$http_rc" > "$OUT.tmp"
  mv -f "$OUT.tmp" "$OUT"
  now_ms
  left=$((started + INTERVAL_MS - REPLY))
  if [ "$left" -gt 0 ]; then
    printf -v pause '%d.%03d' $((left / 1000)) $((left % 1000))
    read -r -t "$pause" -u 8 _ 2>/dev/null
  fi
done
