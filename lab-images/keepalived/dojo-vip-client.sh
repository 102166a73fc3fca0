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
set -u
ENV_FILE=${1:-/etc/dojo/vip-client.env}
# shellcheck disable=SC1090
. "$ENV_FILE"
: "${VIP:?VIP not set}" "${HTTP_PORT:=80}" "${INTERVAL_MS:=250}" "${ARP_WAIT_MS:=150}"
OUT=/run/dojo/www/vip.json
mkdir -p /run/dojo/www
busybox httpd -f -p 8080 -h /run/dojo/www &
trap 'exit 0' TERM INT
echo "dojo: watching VIP $VIP every $INTERVAL_MS ms"

seq=0
while :; do
  started=$(date +%s%3N)
  seq=$((seq + 1))
  # One ARP request; every reply within ARP_WAIT_MS is printed (-d: do not stop at the first).
  macs=$(arping -i eth0 -c 1 -w "$(printf '0.%03d' "$ARP_WAIT_MS")" -d "$VIP" 2>/dev/null \
    | grep -oE 'from ([0-9a-f]{2}:){5}[0-9a-f]{2}' | cut -d' ' -f2 | sort -u \
    | sed 's/.*/"&"/' | paste -sd, -)
  http=$(curl -s --max-time 0.3 -H 'Connection: close' "http://$VIP:$HTTP_PORT/" 2>/dev/null | head -c 64 | tr -cd 'A-Za-z0-9_.-')
  http_rc=${PIPESTATUS[0]}
  neigh=$(ip -j neigh show to "$VIP" dev eth0 2>/dev/null)
  printf '{"seq":%s,"t":%s,"doneAt":%s,"vip":"%s","arpMacs":[%s],"neigh":%s,"http":"%s","httpExit":%s}\n' \
    "$seq" "$started" "$(date +%s%3N)" "$VIP" "$macs" "${neigh:-null}" "$http" "$http_rc" > "$OUT.tmp"
  mv -f "$OUT.tmp" "$OUT"
  left=$((started + INTERVAL_MS - $(date +%s%3N)))
  [ "$left" -gt 0 ] && sleep "$((left / 1000)).$(printf '%03d' $((left % 1000)))"
done
