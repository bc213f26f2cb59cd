#!/bin/bash
# A/B: the portal before the session store (4c72674) and with it (HEAD), both Release, SQLite demo data, Development.
# Prepare: git archive 4c72674 | tar -x -C /tmp/rc-base; git archive HEAD | tar -x -C /tmp/rc-head; dotnet build src/RegistryCheck.Web -c Release in each.
set -e
start() { # dir port
  rm -rf /tmp/rc-data-$2; mkdir -p /tmp/rc-data-$2
  # exec: the recorded pid is the portal's own, so the kill at the end stops it.
  (cd $1/src/RegistryCheck.Web && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:$2 Database__DataFolder=/tmp/rc-data-$2 Logging__Folder=/tmp/rc-data-$2/logs \
     exec dotnet bin/Release/net10.0/RegistryCheck.Web.dll > /tmp/rc-data-$2.out 2>&1) & echo $! > /tmp/rc-$2.pid
  for i in $(seq 1 90); do curl -sf http://127.0.0.1:$2/healthz >/dev/null && return 0; sleep 1; done; echo "no start $2"; exit 1
}
start /tmp/rc-base 5101
start /tmp/rc-head 5102
for pw in 234513 Bench-Own-2026; do
  python3 /work/wt-sso/bench/session-store/measure.py http://127.0.0.1:5101 1500 $pw || true
  python3 /work/wt-sso/bench/session-store/measure.py http://127.0.0.1:5102 1500 $pw || true
done
kill $(cat /tmp/rc-5101.pid) $(cat /tmp/rc-5102.pid)
