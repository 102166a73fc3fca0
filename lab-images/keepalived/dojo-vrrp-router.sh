#!/bin/bash
# Failover Dojo: one VRRP router of the keepalived lab.
#
# Runs, as children of this wrapper (which stays alive whatever they do):
# - keepalived (VRRP only) with the lab's config, in the foreground, logging
#   to the container's output (PID 1's stdout, i.e. `docker logs`), also when
#   started again from a console or an exec;
# - the "service" on the VIP: nginx on port 80 with the lab's generated
#   /etc/dojo/nginx.conf, serving /etc/dojo/www/index.html (this router's
#   name) over keep-alive connections, as an app's connection pool uses them;
# - the state agent: dojo-vrrp-state, a loop writing this router's VRRP state
#   as JSON every 200 ms, served by busybox httpd on port 8080 as a static
#   file (GET /state.json), for the app's probes. The wrapper starts it
#   again if it dies.
#
# Killing keepalived leaves the router up (and the VIP where it was, as
# keepalived removes it only on a clean stop). `dojo-vrrp-router
# --start-keepalived` (in a console) starts keepalived again.
set -u
CONFIG=/etc/dojo/keepalived.conf
NGINX_CONFIG=/etc/dojo/nginx.conf
PIDFILE=/run/keepalived.pid

# The container's output: PID 1's stdout (docker-init's, or this wrapper's
# when it is PID 1). From a `docker exec` our own stdout is the exec's stream,
# which log followers never see and which would stay open.
container_output() {
  if { : > /proc/1/fd/1; } 2>/dev/null; then echo /proc/1/fd/1; else echo /dev/stdout; fi
}

start_keepalived() {
  # The state agent asks for a JSON dump several times a second; keepalived
  # logs each one, which would drown its real log lines: those are filtered.
  local out
  out=$(container_output)
  keepalived --vrrp --dont-fork --log-console --use-file "$CONFIG" \
    --pid "$PIDFILE" --vrrp_pid /run/keepalived-vrrp.pid </dev/null 2>&1 \
    | grep --line-buffered -v 'Printing VRRP as json' >"$out" 2>&1 &
}

if [ "${1:-}" = "--start-keepalived" ]; then
  start_keepalived
  # Wait (up to 3 s) for keepalived to write its pid file, then say so.
  for _ in $(seq 60); do
    pid=$(cat "$PIDFILE" 2>/dev/null)
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat /proc/$pid/comm 2>/dev/null)" = keepalived ] && break
    pid=
    busybox usleep 50000
  done
  if [ -z "$pid" ]; then echo "keepalived did not start (see the container's log)" >&2; exit 1; fi
  echo "keepalived started (pid $pid)"
  exit 0
fi
[ -n "${1:-}" ] && CONFIG=$1

mkdir -p /run/dojo
# A FIFO nobody writes to: the state agent waits a few ms by reading it with a timeout (a builtin)
# instead of starting a sleep process.
[ -p /run/dojo/tick ] || mkfifo /run/dojo/tick
# The signal that makes keepalived write /tmp/keepalived.json (SIGRTMIN+2), for the state agent.
keepalived --signum=JSON > /run/dojo/json-signum
printf 'INIT %s\n' "$(date +%s%3N)" > /run/dojo/vrrp-state
# nginx: `daemon off` and `user root` are in the generated config (the
# container has no SETUID capability to switch users); its errors go to stderr.
nginx -e stderr -c "$NGINX_CONFIG" </dev/null &
mkdir -p /run/dojo/www
busybox httpd -f -p 8080 -h /run/dojo/www &
state_pid=
start_state() {
  dojo-vrrp-state 200 </dev/null &
  state_pid=$!
}
start_state

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
  # The state agent is what the app reads: if anything killed it, start it again.
  kill -0 "$state_pid" 2>/dev/null || start_state
done
