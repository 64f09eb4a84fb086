#!/usr/bin/env bash
# A real one-node Slurm cluster on 127.0.0.1, started and stopped by this
# script, and the seed network's sweep run on it through future.batchtools
# (tools/test_cluster.R checks the results against the sequential backend's).
#   bash tools/test_cluster.sh        (or: make test-cluster)
# Needs root (the daemons run as root, with SlurmUser=root) and Debian's
# slurm-wlm, slurmdbd, munge and mariadb-server, installed here with apt-get
# if missing. The accounting daemon (slurmdbd on a MariaDB server of its own)
# is there because future.batchtools asks `sacct` about jobs that left the
# queue, as on any production cluster.
# Everything the daemons write (config, munge key and socket, state, spool,
# logs, batchtools registries) lives in one temporary directory; the system's
# /etc/slurm, /etc/munge and /run/munge are not used. If the cluster cannot
# start, the script fails with the daemons' logs: it never skips.
# Environment: ANNR_SLURM_KEEP=1 keeps the temporary directory;
# ANNR_SLURMCTLD_PORT / ANNR_SLURMD_PORT (default: 6817 / 6818, or the next
# free ports); ANNR_CLUSTER_SCRIPT runs another R script on the cluster instead
# of tools/test_cluster.R.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RSCRIPT=${RSCRIPT:-Rscript}

say() { echo "test-cluster: $*"; }
fail() { echo "test-cluster: FAILED: $*" >&2; exit 1; }

if [ "$(id -u)" != 0 ]; then
  fail "must run as root (the daemons run with SlurmUser=root)"
fi

# --- Debian packages -------------------------------------------------------
apt_install() {
  # waits for another apt/dpkg to release its lock instead of failing
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=1200 \
    install -y --no-install-recommends "$@"
}
need=()
for cmd in munged:munge slurmctld:slurm-wlm slurmd:slurm-wlm sinfo:slurm-wlm \
           slurmdbd:slurmdbd mariadbd:mariadb-server mariadb-install-db:mariadb-server; do
  command -v "${cmd%%:*}" >/dev/null 2>&1 || export PATH="$PATH:/usr/sbin:/sbin"
  command -v "${cmd%%:*}" >/dev/null 2>&1 || need+=("${cmd#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]} with apt-get"
  if ! apt_install $(printf '%s\n' "${need[@]}" | sort -u); then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=1200 update
    apt_install $(printf '%s\n' "${need[@]}" | sort -u)
  fi
fi
for cmd in munged slurmctld slurmd slurmdbd sinfo squeue sbatch scancel sacct sacctmgr \
           mariadbd mariadb-install-db mariadb; do
  command -v "$cmd" >/dev/null 2>&1 ||
    fail "$cmd not found after installing slurm-wlm, slurmdbd, munge and mariadb-server"
done

# --- R packages: future.batchtools (and batchtools) from the Suggests ------
if ! "$RSCRIPT" -e 'quit(status = !requireNamespace("future.batchtools", quietly = TRUE))' >/dev/null 2>&1; then
  say "future.batchtools missing: installing the Suggests"
  "$RSCRIPT" tools/install_deps.R
fi

# --- the cluster -----------------------------------------------------------
T=$(mktemp -d /tmp/annr-slurm.XXXXXX)
chmod 700 "$T"
mkdir -p "$T/munge" "$T/state" "$T/spool" "$T/log" "$T/work"
# batchtools calls squeue --user=$USER (CI may have no USER)
export USER=${USER:-$(id -un)}
PIDS=()
stop_daemons() {
  status=$?
  set +e
  # this cluster's own jobs first (none are left when all went well), then
  # the daemons, newest first (slurmd, slurmctld, slurmdbd, mariadbd, munged), by their PIDs only
  if [ -n "${CTLD_PID:-}" ] && kill -0 "$CTLD_PID" 2>/dev/null; then
    timeout 10 scancel --full --quiet --user="${USER:-root}" 2>/dev/null
    # until their job steps have ended: a slurmstepd that loses its slurmd
    # stays behind
    for _ in $(seq 1 60); do
      [ -z "$(timeout 5 squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [ "$status" != 0 ]; then
    for f in "$T"/log/*; do
      [ -f "$f" ] || continue
      echo "----- $(basename "$f") (last 60 lines) -----" >&2
      tail -n 60 "$f" >&2
    done
    for f in "$T"/work/*.log; do
      [ -f "$f" ] || continue
      echo "----- $(basename "$f") -----" >&2
      tail -n 40 "$f" >&2
    done
  fi
  if [ "${ANNR_SLURM_KEEP:-0}" = 1 ]; then
    echo "test-cluster: kept $T" >&2
  else
    rm -rf "$T"
  fi
  exit "$status"
}
trap stop_daemons EXIT
trap 'exit 130' INT TERM

# munged with its own key, socket, seed, pid and log files
dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$T/munge/munge.key"
SOCKET="$T/munge/munge.socket"
munged --foreground --force --key-file="$T/munge/munge.key" --socket="$SOCKET" \
  --pid-file="$T/munge/munged.pid" --seed-file="$T/munge/munged.seed" \
  --log-file="$T/log/munged.log" >"$T/log/munged.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do [ -S "$SOCKET" ] && break; sleep 0.1; done
[ -S "$SOCKET" ] || fail "munged did not create its socket $SOCKET"
munge --socket="$SOCKET" -n | unmunge --socket="$SOCKET" >/dev/null ||
  fail "munge round trip through $SOCKET failed"
say "munged running (pid ${PIDS[0]})"

# slurm.conf: this machine as its only node, with the CPUs and memory that
# slurmd itself detects, reached at 127.0.0.1.
HOST=$(hostname -s)
NODE=$(slurmd -C | sed -n 1p)
case "$NODE" in NodeName=*) ;; *) fail "slurmd -C printed no NodeName line: $NODE" ;; esac
NODENAME=$(echo "$NODE" | sed 's/^NodeName=\([^ ]*\).*/\1/')
# Slurm's default ports, or the next free ones (another cluster, or one
# left running by hand, may hold them)
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  p=$1
  while port_busy "$p" || [ "$p" = "${2:-}" ]; do p=$((p + 1)); done
  echo "$p"
}
CTLD_PORT=${ANNR_SLURMCTLD_PORT:-$(free_port 6817)}
SLURMD_PORT=${ANNR_SLURMD_PORT:-$(free_port 6818 "$CTLD_PORT")}
DBD_PORT=$(free_port 6819 "$SLURMD_PORT")
[ "$DBD_PORT" = "$CTLD_PORT" ] && DBD_PORT=$(free_port $((DBD_PORT + 1)) "$SLURMD_PORT")
DB_PORT=$(free_port 13306)

# MariaDB for the accounting, its data in the temporary directory
mkdir -p "$T/db"
mariadb-install-db --no-defaults --user=root --datadir="$T/db/data" --skip-test-db \
  --auth-root-authentication-method=socket >"$T/log/mariadb-install.out" 2>&1 ||
  fail "mariadb-install-db failed"
DB_SOCKET="$T/db/mysqld.sock"
mariadbd --no-defaults --user=root --datadir="$T/db/data" --socket="$DB_SOCKET" \
  --pid-file="$T/db/mysqld.pid" --bind-address=127.0.0.1 --port="$DB_PORT" \
  --log-error="$T/log/mariadb.log" --skip-log-bin >"$T/log/mariadb.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do
  [ -S "$DB_SOCKET" ] && mariadb --no-defaults --socket="$DB_SOCKET" -u root -e 'SELECT 1' >/dev/null 2>&1 && break
  kill -0 "${PIDS[-1]}" 2>/dev/null || fail "mariadbd exited while starting"
  sleep 0.5
done
DB_PASS=annr-test-$$
mariadb --no-defaults --socket="$DB_SOCKET" -u root -e "
  CREATE USER 'slurm'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
  CREATE USER 'slurm'@'localhost' IDENTIFIED BY '$DB_PASS';
  GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';
  GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';" ||
  fail "could not create the accounting database's user"
say "mariadbd running (pid ${PIDS[-1]}, port $DB_PORT)"

# slurmdbd reads slurmdbd.conf beside slurm.conf (SLURM_CONF); it must be
# private to SlurmUser
DBD_CONF="$T/slurmdbd.conf"
cat >"$DBD_CONF" <<CONF
AuthType=auth/munge
AuthInfo=socket=$SOCKET
DbdHost=$HOST
DbdAddr=127.0.0.1
DbdPort=$DBD_PORT
SlurmUser=root
LogFile=$T/log/slurmdbd.log
PidFile=$T/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$DB_PORT
StorageUser=slurm
StoragePass=$DB_PASS
StorageLoc=slurm_acct_db
CONF
chmod 600 "$DBD_CONF"
CONF="$T/slurm.conf"
cat >"$CONF" <<CONF
ClusterName=annrtest
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
AccountingStoragePort=$DBD_PORT
# the munge socket for talking to slurmdbd (AuthInfo is for the others)
AccountingStoragePass=$SOCKET
JobCompType=jobcomp/none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=60
$NODE NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=annr Nodes=$NODENAME Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$CONF"

slurmdbd -D >"$T/log/slurmdbd.out" 2>&1 &
PIDS+=($!)
# the cluster must be known to the accounting before slurmctld registers
ok=0
for _ in $(seq 1 120); do
  kill -0 "${PIDS[-1]}" 2>/dev/null || fail "slurmdbd exited while starting"
  if timeout 20 sacctmgr -i add cluster annrtest >"$T/log/sacctmgr.out" 2>&1 ||
     timeout 20 sacctmgr -n list cluster format=cluster 2>/dev/null | grep -q annrtest; then
    ok=1; break
  fi
  sleep 0.5
done
[ "$ok" = 1 ] || fail "slurmdbd did not answer sacctmgr within 60 s"
say "slurmdbd running (pid ${PIDS[-1]}, port $DBD_PORT)"

slurmctld -D -c -f "$CONF" >"$T/log/slurmctld.out" 2>&1 &
CTLD_PID=$!
PIDS+=($CTLD_PID)
slurmd -D -f "$CONF" -N "$NODENAME" >"$T/log/slurmd.out" 2>&1 &
PIDS+=($!)
say "slurmctld (pid $CTLD_PID, port $CTLD_PORT) and slurmd (pid ${PIDS[-1]}, port $SLURMD_PORT) starting, node $NODENAME"

state=""
for _ in $(seq 1 120); do
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || fail "a daemon (pid $pid) exited while starting"
  done
  state=$(sinfo -h -N -n "$NODENAME" -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || fail "node $NODENAME not idle after 60 s (sinfo: '${state:-no answer}')"
say "node $NODENAME idle:"
sinfo
timeout 20 sacct -n >/dev/null || fail "sacct does not answer"

export ANNR_CLUSTER_DIR="$T/work"
"$RSCRIPT" "${ANNR_CLUSTER_SCRIPT:-$ROOT/tools/test_cluster.R}"
