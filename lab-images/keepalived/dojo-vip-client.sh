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
# Starting a process is costly on a busy machine (tens of ms each), and this
# loop runs four times a second: only arping, curl, ip and mv run as
# processes; the parsing, the clock and the waits are bash builtins (the waits
# read a FIFO nobody writes to, with a timeout).
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

printf -v arp_wait '0.%03d' "$ARP_WAIT_MS"
mac_re='from (([0-9a-f]{2}:){5}[0-9a-f]{2})'
seq=0
while :; do
  now_ms
  started=$REPLY
  seq=$((seq + 1))
  # One ARP request; every reply within ARP_WAIT_MS is printed (-d: do not stop at the first).
  arp=$(arping -i eth0 -c 1 -w "$arp_wait" -d "$VIP" 2>/dev/null)
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
  body=$(curl -s --max-time 0.3 -H 'Connection: close' "http://$VIP:$HTTP_PORT/" 2>/dev/null)
  http_rc=$?
  body=${body:0:64}
  http=${body//[^A-Za-z0-9_.-]/}
  neigh=$(ip -j neigh show to "$VIP" dev eth0 2>/dev/null)
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
