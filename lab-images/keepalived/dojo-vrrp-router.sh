#!/bin/bash
# Failover Dojo: one VRRP router of the keepalived lab.
#
# Runs, as children of this wrapper (which stays alive whatever they do):
# - keepalived (VRRP only) with the lab's config, in the foreground, logging
#   to the container's output;
# - the "service" on the VIP: busybox httpd on port 80 serving
#   /etc/dojo/www/index.html, which holds this router's name;
# - the state agent: busybox httpd on port 8080, GET /cgi-bin/state returns
#   this router's VRRP state as JSON (see state.cgi), for the app's probes.
#
# Killing keepalived leaves the router up (and the VIP where it was, as
# keepalived removes it only on a clean stop). `dojo-vrrp-router
# --start-keepalived` (in a console) starts keepalived again.
set -u
CONFIG=/etc/dojo/keepalived.conf
PIDFILE=/run/keepalived.pid

start_keepalived() {
  # The state agent asks for a JSON dump several times a second; keepalived
  # logs each one, which would drown its real log lines: those are filtered.
  keepalived --vrrp --dont-fork --log-console --use-file "$CONFIG" \
    --pid "$PIDFILE" --vrrp_pid /run/keepalived-vrrp.pid 2>&1 \
    | grep --line-buffered -v 'Printing VRRP as json' &
}

if [ "${1:-}" = "--start-keepalived" ]; then
  start_keepalived
  sleep 0.2
  echo "keepalived started (pid $(cat "$PIDFILE" 2>/dev/null))"
  exit 0
fi
[ -n "${1:-}" ] && CONFIG=$1

mkdir -p /run/dojo
# The signal that makes keepalived write /tmp/keepalived.json (SIGRTMIN+2), for state.cgi.
keepalived --signum=JSON > /run/dojo/json-signum
printf 'INIT %s\n' "$(date +%s%3N)" > /run/dojo/vrrp-state
busybox httpd -f -p 80 -h /etc/dojo/www &
busybox httpd -f -p 8080 -h /usr/local/share/dojo-vrrp &

stop() {
  pid=$(cat "$PIDFILE" 2>/dev/null)
  # keepalived gives the VIP up (priority 0 advert) on SIGTERM.
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
  i=0
  while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
  exit 0
}
trap stop TERM INT

start_keepalived
echo "dojo: keepalived started under wrapper pid $$"
while :; do
  sleep 1 &
  wait $! 2>/dev/null
done
