#!/bin/sh
# Failover Dojo: keepalived's notify script (`notify` in the vrrp_instance).
# keepalived calls it on every state change with: TYPE NAME STATE PRIORITY.
# It records the state in /run/dojo/vrrp-state as `STATE <ms since epoch>` (read
# by the state agent) and prints the change to the container's output.
state=${3:-UNKNOWN}
now=$(date +%s%3N)
mkdir -p /run/dojo
printf '%s %s\n' "$state" "$now" > /run/dojo/vrrp-state.tmp
mv -f /run/dojo/vrrp-state.tmp /run/dojo/vrrp-state
line="dojo: VRRP $1 $2 -> $state (priority ${4:-?}) at $now"
# keepalived sends a script's output nowhere: write to the container's output.
{ echo "$line" > /proc/1/fd/1; } 2>/dev/null || echo "$line"
exit 0
