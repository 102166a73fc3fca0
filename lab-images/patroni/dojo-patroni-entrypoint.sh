#!/bin/sh
# Failover Dojo: runs Patroni as a child, as the postgres user, and stays alive.
#
# Patroni is deliberately NOT the container's main process: when Patroni dies
# (kill -9, crash), postgres (its child) is re-parented to the container's init
# and keeps serving -- nothing fences it. That is the "unmanaged primary"
# pattern. This wrapper then just waits, so the container keeps running.
# SIGTERM/SIGINT (docker stop) are passed to Patroni, which stops postgres.
#
# `dojo-patroni-entrypoint --start-patroni` (as root, in a console) starts
# Patroni again in the background after it was killed.
set -u
CONFIG=/etc/dojo/patroni.yml
PIDFILE=/run/dojo-patroni.pid
LOG=/var/log/dojo/patroni.log

start_patroni() {
  # Patroni's log goes to the container's output (docker logs) and to $LOG.
  setpriv --reuid=postgres --regid=postgres --init-groups \
    env HOME=/var/lib/postgresql patroni "$CONFIG" 2>&1 | tee -a "$LOG" &
  i=0
  : > "$PIDFILE"
  while [ ! -s "$PIDFILE" ] && [ $i -lt 50 ]; do
    sleep 0.05
    pgrep -u postgres -f "^/usr/bin/python3 /usr/bin/patroni" | head -n1 > "$PIDFILE"
    i=$((i + 1))
  done
}

if [ "${1:-}" = "--start-patroni" ]; then
  start_patroni
  echo "patroni started (pid $(cat "$PIDFILE"))"
  exit 0
fi
[ -n "${1:-}" ] && CONFIG=$1

stop() {
  pid=$(cat "$PIDFILE" 2>/dev/null)
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
  # Patroni stops postgres on SIGTERM; give it the container's grace period.
  i=0
  while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  exit 0
}
trap stop TERM INT

start_patroni
echo "dojo: patroni running (pid $(cat "$PIDFILE")) under wrapper pid $$"
# Wait forever; whatever happens to Patroni, this process stays.
while :; do
  sleep 1 &
  wait $! 2>/dev/null
  pid=$(cat "$PIDFILE" 2>/dev/null)
  if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
    echo "dojo: patroni (pid $pid) is gone; postgres, if running, is now unmanaged"
    : > "$PIDFILE"
  fi
done
