#!/bin/bash
# Failover Dojo: this router's VRRP state as JSON (busybox httpd CGI on :8080,
# GET /cgi-bin/state), read by the app's probes through a published port:
# {"t": ms, "notify": "STATE ms" (from dojo-vrrp-notify), "keepalivedPid": n,
#  "addr": `ip -j addr show dev eth0`, "keepalived": keepalived's JSON dump
#  (SIGRTMIN+2 -> /tmp/keepalived.json) or null when keepalived does not answer,
#  "configVrid": virtual_router_id in the config file on disk (null if none)}.
# Reads are serialised (the dump file is shared).
printf 'Content-Type: application/json\r\nCache-Control: no-store\r\n\r\n'
exec 9> /run/dojo/state.lock
flock -w 1 9
DUMP=/tmp/keepalived.json
pid=$(cat /run/keepalived.pid 2>/dev/null)
dump=null
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  rm -f "$DUMP"
  kill -s "$(cat /run/dojo/json-signum 2>/dev/null || echo 36)" "$pid" 2>/dev/null
  # keepalived's VRRP process writes the file within a few ms; wait up to 200 ms.
  for _ in $(seq 40); do
    if [ -s "$DUMP" ]; then
      size=$(stat -c %s "$DUMP")
      busybox usleep 2000
      [ "$(stat -c %s "$DUMP")" = "$size" ] && { dump=$(cat "$DUMP"); break; }
    fi
    busybox usleep 5000
  done
else
  pid=null
fi
notify=$(head -n1 /run/dojo/vrrp-state 2>/dev/null)
addr=$(ip -j addr show dev eth0 2>/dev/null)
vrid=$(awk '$1 == "virtual_router_id" && $2 ~ /^[0-9]+$/ { print $2; exit }' /etc/dojo/keepalived.conf 2>/dev/null)
printf '{"t":%s,"notify":"%s","keepalivedPid":%s,"addr":%s,"keepalived":%s,"configVrid":%s}\n' \
  "$(date +%s%3N)" "$notify" "$pid" "${addr:-null}" "${dump:-null}" "${vrid:-null}"
