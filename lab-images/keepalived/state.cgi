#!/bin/bash
# Failover Dojo: this router's VRRP state as JSON (busybox httpd CGI on :8080,
# GET /cgi-bin/state), read by the app's probes through a published port:
# {"t": ms, "notify": "STATE ms" (from dojo-vrrp-notify), "keepalivedPid": n,
#  "addr": `ip -j addr show dev eth0`, "keepalived": keepalived's JSON dump
#  (SIGRTMIN+2 -> /tmp/keepalived.json) or null when keepalived does not answer,
#  "configVrid": virtual_router_id in the config file on disk (null if none)}.
# Reads are serialised (the dump file is shared).
#
# The probes read this several times a second on every router, and starting a
# process is costly on a busy machine (tens of ms each): everything here is a
# bash builtin but flock and `ip`. Short waits read from a FIFO that never
# delivers (/run/dojo/tick, made by dojo-vrrp-router) instead of running sleep.
printf 'Content-Type: application/json\r\nCache-Control: no-store\r\n\r\n'
exec 9> /run/dojo/state.lock
flock -w 1 9
exec 8<> /run/dojo/tick
nap() { read -r -t "$1" -u 8 _ 2>/dev/null; }
DUMP=/tmp/keepalived.json
pid=
[ -r /run/keepalived.pid ] && read -r pid < /run/keepalived.pid
dump=null
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  signum=36
  [ -r /run/dojo/json-signum ] && read -r signum < /run/dojo/json-signum
  # keepalived rewrites the file on the signal; an empty file means "not yet".
  : > "$DUMP"
  kill -s "$signum" "$pid" 2>/dev/null
  # keepalived's VRRP process writes the file within a few ms; wait up to 200 ms,
  # and take it once two reads 2 ms apart agree (not torn mid-write).
  for _ in {1..40}; do
    if [ -s "$DUMP" ]; then
      IFS= read -r -d '' first < "$DUMP"
      nap 0.002
      IFS= read -r -d '' second < "$DUMP"
      if [ -n "$first" ] && [ "$first" = "$second" ]; then
        dump=${first%$'\n'}
        break
      fi
    fi
    nap 0.005
  done
else
  pid=null
fi
notify=
[ -r /run/dojo/vrrp-state ] && read -r notify < /run/dojo/vrrp-state
addr=$(ip -j addr show dev eth0 2>/dev/null)
vrid=null
while read -r key value _; do
  if [ "$key" = virtual_router_id ] && [[ $value =~ ^[0-9]+$ ]]; then
    vrid=$value
    break
  fi
done < /etc/dojo/keepalived.conf 2>/dev/null
now=${EPOCHREALTIME/./}
printf '{"t":%s,"notify":"%s","keepalivedPid":%s,"addr":%s,"keepalived":%s,"configVrid":%s}\n' \
  "${now:0:-3}" "$notify" "$pid" "${addr:-null}" "${dump:-null}" "$vrid"
