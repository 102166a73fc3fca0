#!/bin/bash
# Failover Dojo: this router's state agent. A loop, started by dojo-vrrp-router,
# that every INTERVAL_MS (first argument, default 200) writes this router's VRRP
# state as JSON to /run/dojo/www/state.json, which busybox httpd on :8080 serves
# as a static file (GET /state.json) to the app's probes:
# {"t": ms when read, "notify": "STATE ms" (from dojo-vrrp-notify),
#  "keepalivedPid": n | null, "addr": `ip -j addr show dev eth0`,
#  "keepalived": keepalived's JSON dump (SIGRTMIN+2 -> /tmp/keepalived.json)
#  or null when keepalived does not answer within 200 ms,
#  "configVrid": virtual_router_id in the config file on disk (null if none)}.
#
# Why a loop and not a CGI per read: starting a process costs ~5 ms of CPU on
# these machines (curl or bash ~10-15 ms), and the probes read every router
# four times a second. A CGI read started httpd's child, bash, flock and `ip`
# (~25 ms); a turn of this loop starts `ip` and `mv` (~11 ms), whoever reads.
# Measured on a keepalived drill: each router's container used ~19% of a core.
# A reading is at most one interval old; `t` says when it was taken, and the
# probe treats a reading older than a few intervals as no reading.
set -u
INTERVAL_MS=${1:-200}
WWW=/run/dojo/www
OUT=$WWW/state.json
DUMP=/tmp/keepalived.json
mkdir -p "$WWW"
[ -p /run/dojo/tick ] || mkfifo /run/dojo/tick
exec 8<> /run/dojo/tick
# Short waits read a FIFO that never delivers, with a timeout (a builtin, no sleep process).
nap() { read -r -t "$1" -u 8 _ 2>/dev/null; }
now_ms() {
  local us=${EPOCHREALTIME/./}
  REPLY=${us:0:-3}
}
signum=36
[ -r /run/dojo/json-signum ] && read -r signum < /run/dojo/json-signum
trap 'exit 0' TERM INT

while :; do
  now_ms
  started=$REPLY
  pid=
  [ -r /run/keepalived.pid ] && read -r pid < /run/keepalived.pid
  dump=null
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
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
  # `ip` writes to a file (no $(...) subshell: one process, not two).
  addr=
  ip -j addr show dev eth0 > "$WWW/.addr" 2>/dev/null && IFS= read -r -d '' addr < "$WWW/.addr"
  addr=${addr%$'\n'}
  vrid=null
  while read -r key value _; do
    if [ "$key" = virtual_router_id ] && [[ $value =~ ^[0-9]+$ ]]; then
      vrid=$value
      break
    fi
  done < /etc/dojo/keepalived.conf 2>/dev/null
  printf '{"t":%s,"notify":"%s","keepalivedPid":%s,"addr":%s,"keepalived":%s,"configVrid":%s}\n' \
    "$started" "$notify" "$pid" "${addr:-null}" "${dump:-null}" "$vrid" > "$OUT.tmp"
  # A rename: a reader gets the whole previous reading or the whole new one.
  mv -f "$OUT.tmp" "$OUT"
  now_ms
  left=$((started + INTERVAL_MS - REPLY))
  if [ "$left" -gt 0 ]; then
    printf -v pause '%d.%03d' $((left / 1000)) $((left % 1000))
    nap "$pause"
  fi
done
