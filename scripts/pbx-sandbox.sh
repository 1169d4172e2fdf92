#!/usr/bin/env bash
# Local Asterisk 22 sandbox for hotline-12365.
#
#   bash scripts/pbx-sandbox.sh build|up|down|status
#
# Asterisk 22 is not in Debian bookworm, so the sandbox is a Debian sid root made with debootstrap
# (never added to the host's apt sources) and Asterisk runs chrooted into a copy of it, loopback only.
#
# Environment (all optional):
#   HOTLINE_PBX_ROOT     instance root                 (/var/lib/hotline-12365/pbx)
#   HOTLINE_PBX_BASE     pristine built root            (/var/lib/hotline-12365/base-sid)
#   HOTLINE_PBX_CACHE    debootstrap --cache-dir        (/var/cache/hotline-12365/debootstrap)
#   HOTLINE_PBX_MIRROR   Debian mirror                  (http://deb.debian.org/debian)
#   PBX_SIP_PORT 5060  PBX_AMI_PORT 5038  PBX_ARI_PORT 8088   (keep outside RTP 10000-20000)
#   PBX_AGENT_PORT_BASE  agent N has contact 127.0.0.1:(N+base)  (5000)
#   PBX_AGENT_COUNT      agent endpoints 1001..(1000+N)  (20)
#   PBX_AGENT_CONTACT_PORT  when set, every agent's contact is 127.0.0.1:PORT (one SIPp responder answers for all)
#   PBX_AMI_USER/PBX_AMI_SECRET (hotline/hotline)  PBX_ARI_USER/PBX_ARI_SECRET (hotline/hotline)
#   PBX_TOOLS_AMI_USER/PBX_TOOLS_AMI_SECRET (hotline-tools/hotline-tools): the sandbox's own AMI user for the
#                        fixture recorder and benchmarks (read and write all; never in dialplan/manager.conf)
#   PBX_READER_AMI_USER/PBX_READER_AMI_SECRET (hotline-reader/hotline-reader): a read-only AMI user that
#                        receives the agent class only (the load benchmark's raw reader times AgentCalled)
#   HOTLINE_NUMBER       service number                 (12365)
#   PBX_IVR_MAX_SECONDS  longest stay in the server's IVR before the dialplan queues the caller itself (120)
#   PBX_QUEUE_MAX_WAIT_SECONDS  longest wait in a queue before a message is offered, unless the server sets one (300)
#   PBX_MESSAGE_MAX_SECONDS     longest message Asterisk records by itself when the server is away (120)
#   PBX_QUEUE_MAX_WAITING       the most callers a queue holds (Asterisk's maxlen; the server's own limit comes first) (50)
#   PBX_TRUNK_PORT              the trunk's static contact 127.0.0.1:N for call-backs and transfers out (5090)
#   ARI_APP              the server's Stasis application name (hotline)
# Two instances (different HOTLINE_PBX_ROOT and ports) can run side by side.
set -euo pipefail

ROOT=${HOTLINE_PBX_ROOT:-/var/lib/hotline-12365/pbx}
BASE=${HOTLINE_PBX_BASE:-/var/lib/hotline-12365/base-sid}
CACHE=${HOTLINE_PBX_CACHE:-/var/cache/hotline-12365/debootstrap}
MIRROR=${HOTLINE_PBX_MIRROR:-http://deb.debian.org/debian}
SIP_PORT=${PBX_SIP_PORT:-5060}
AMI_PORT=${PBX_AMI_PORT:-5038}
ARI_PORT=${PBX_ARI_PORT:-8088}
AGENT_PORT_BASE=${PBX_AGENT_PORT_BASE:-5000}
AGENT_COUNT=${PBX_AGENT_COUNT:-20}
AGENT_CONTACT_PORT=${PBX_AGENT_CONTACT_PORT:-}
AMI_USER=${PBX_AMI_USER:-hotline}
AMI_SECRET=${PBX_AMI_SECRET:-hotline}
ARI_USER=${PBX_ARI_USER:-hotline}
ARI_SECRET=${PBX_ARI_SECRET:-hotline}
TOOLS_AMI_USER=${PBX_TOOLS_AMI_USER:-hotline-tools}
TOOLS_AMI_SECRET=${PBX_TOOLS_AMI_SECRET:-hotline-tools}
READER_AMI_USER=${PBX_READER_AMI_USER:-hotline-reader}
READER_AMI_SECRET=${PBX_READER_AMI_SECRET:-hotline-reader}
NUMBER=${HOTLINE_NUMBER:-12365}
IVR_MAX_SECONDS=${PBX_IVR_MAX_SECONDS:-120}
QUEUE_MAX_WAIT_SECONDS=${PBX_QUEUE_MAX_WAIT_SECONDS:-300}
MESSAGE_MAX_SECONDS=${PBX_MESSAGE_MAX_SECONDS:-120}
QUEUE_MAX_WAITING=${PBX_QUEUE_MAX_WAITING:-50}
TRUNK_PORT=${PBX_TRUNK_PORT:-5090}
ARI_APP=${ARI_APP:-hotline}
for seconds in IVR_MAX_SECONDS QUEUE_MAX_WAIT_SECONDS MESSAGE_MAX_SECONDS QUEUE_MAX_WAITING TRUNK_PORT AGENT_COUNT; do
  case "${!seconds}" in ''|*[!0-9]*) echo "pbx: error: PBX_$seconds must be a whole number" >&2; exit 1 ;; esac
done
[ "$AGENT_COUNT" -ge 1 ] && [ "$AGENT_COUNT" -le 8999 ] || { echo "pbx: error: PBX_AGENT_COUNT=$AGENT_COUNT must be from 1 to 8999" >&2; exit 1; }
case "$AGENT_CONTACT_PORT" in *[!0-9]*) echo "pbx: error: PBX_AGENT_CONTACT_PORT=$AGENT_CONTACT_PORT is not a port" >&2; exit 1 ;; esac
[[ "$ARI_APP" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "pbx: error: ARI_APP=$ARI_APP must be letters, digits, - and _" >&2; exit 1; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MARKER=.hotline-base-complete
PIDFILE="$ROOT/run-hotline.pid"
PORTSFILE="$ROOT/run-hotline.ports"
LOGFILE="$ROOT/var/log/asterisk/console.log"

say() { echo "pbx: $*"; }
die() { echo "pbx: error: $*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "$1 needs root (debootstrap, chroot and mount); run: sudo bash scripts/pbx-sandbox.sh $CMD"
}

check_ports() {
  local name p
  for name in SIP_PORT AMI_PORT ARI_PORT; do
    p=${!name}
    [[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -ge 1 ] && [ "$p" -le 65535 ] || die "PBX_$name=$p is not a port"
    if [ "$p" -ge 10000 ] && [ "$p" -le 20000 ]; then
      die "PBX_$name=$p is inside Asterisk's RTP range 10000-20000; pick another port"
    fi
  done
  [[ "$AGENT_PORT_BASE" =~ ^[0-9]+$ ]] || die "PBX_AGENT_PORT_BASE=$AGENT_PORT_BASE is not a number"
  [[ "$NUMBER" =~ ^[0-9*#+]+$ ]] || die "HOTLINE_NUMBER=$NUMBER is not a dialable number"
}

running_pid() {
  # Prints the pid and returns 0 if this instance's Asterisk is alive.
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # the pid must still be an asterisk whose root is ours (pids get reused)
  [ "$(readlink -f "/proc/$pid/root" 2>/dev/null)" = "$(readlink -f "$ROOT")" ] || return 1
  echo "$pid"
}

root_pids() {
  # Every process (asterisk or a stray helper) whose root directory is this instance's ROOT.
  local real p
  real=$(readlink -f "$ROOT" 2>/dev/null) || return 0
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$real" ] && echo "${p#/proc/}"
  done
  return 0
}

do_build() {
  if [ -f "$BASE/$MARKER" ]; then
    return 0
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      say "installing debootstrap on the host"
      DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap >/dev/null ||
        die "could not install debootstrap; run: apt-get update && apt-get install -y debootstrap"
    else
      die "debootstrap is not installed; run: sudo apt-get install -y debootstrap"
    fi
  fi
  need_root "building the Asterisk root"
  local t0 tmp parent
  t0=$(date +%s)
  parent=$(dirname "$BASE")
  mkdir -p "$parent" "$CACHE"
  tmp=$(mktemp -d "$parent/.build-$(basename "$BASE").XXXXXX")
  chmod 755 "$tmp"
  say "building Asterisk 22 root with debootstrap (about 1 minute, once)… from $MIRROR into $BASE"
  if ! debootstrap --variant=minbase --include=asterisk,asterisk-core-sounds-en-gsm \
      --cache-dir="$CACHE" sid "$tmp" "$MIRROR" >"$tmp.log" 2>&1; then
    tail -n 25 "$tmp.log" >&2 || true
    [ -f "$tmp/debootstrap/debootstrap.log" ] && tail -n 15 "$tmp/debootstrap/debootstrap.log" >&2
    rm -rf "$tmp"
    die "debootstrap of Debian sid from mirror $MIRROR failed (full log: $tmp.log). Check that the mirror is reachable or set HOTLINE_PBX_MIRROR."
  fi
  chroot "$tmp" apt-get clean
  mkdir -p "$tmp/var/spool/asterisk/recording"
  chroot "$tmp" asterisk -V >"$tmp/$MARKER.version" 2>&1 || die "the built root has no working asterisk binary ($tmp)"
  date -u +%FT%TZ >"$tmp/$MARKER"
  rm -rf "$BASE"
  mv "$tmp" "$BASE"
  rm -f "$tmp.log"
  say "built $(cat "$BASE/$MARKER.version") in $(( $(date +%s) - t0 )) s at $BASE"
}

install_configs() {
  local etc="$ROOT/etc/asterisk" f name
  if [ ! -d "$ROOT/etc/asterisk.dist" ]; then
    cp -a "$etc" "$ROOT/etc/asterisk.dist"
  fi
  # a site's own additions (*-site.conf, #tryinclude'd by the project's files) survive a reinstall
  local keep
  keep=$(mktemp -d)
  cp -a "$etc"/*-site.conf "$keep"/ 2>/dev/null || true
  rm -rf "$etc"
  cp -a "$ROOT/etc/asterisk.dist" "$etc"
  cp -a "$keep"/. "$etc"/
  rm -rf "$keep"
  # the package's users.conf defines sample phones and contexts (and is deprecated)
  rm -f "$etc/users.conf"
  for f in "$REPO"/dialplan/*.conf; do
    name=$(basename "$f")
    sed -e "s/@SIP_PORT@/$SIP_PORT/g" \
        -e "s/@AMI_PORT@/$AMI_PORT/g" \
        -e "s/@ARI_PORT@/$ARI_PORT/g" \
        -e "s/@AGENT_PORT_BASE@/$AGENT_PORT_BASE/g" \
        -e "s/@AMI_USER@/$AMI_USER/g" \
        -e "s/@AMI_SECRET@/$AMI_SECRET/g" \
        -e "s/@ARI_USER@/$ARI_USER/g" \
        -e "s/@ARI_SECRET@/$ARI_SECRET/g" \
        -e "s/@HOTLINE_NUMBER@/$NUMBER/g" \
        -e "s/@IVR_MAX_SECONDS@/$IVR_MAX_SECONDS/g" \
        -e "s/@QUEUE_MAX_WAIT_SECONDS@/$QUEUE_MAX_WAIT_SECONDS/g" \
        -e "s/@MESSAGE_MAX_SECONDS@/$MESSAGE_MAX_SECONDS/g" \
        -e "s/@QUEUE_MAX_WAITING@/$QUEUE_MAX_WAITING/g" \
        -e "s/@TRUNK_PORT@/$TRUNK_PORT/g" \
        -e "s/@ARI_APP@/$ARI_APP/g" \
        "$f" >"$etc/$name"
  done
  # pjsip.conf: one endpoint per agent, contact port = extension + PBX_AGENT_PORT_BASE (or one shared port)
  if [ -f "$etc/pjsip.conf" ] && grep -q '^;@AGENTS@' "$etc/pjsip.conf"; then
    local n tmpf="$etc/pjsip.conf.tmp"
    : >"$tmpf"
    while IFS= read -r line; do
      if [ "$line" = ";@AGENTS@" ]; then
        for n in $(seq 1001 $((1000 + AGENT_COUNT))); do
          printf '[%s](agent-endpoint)\naors=%s\n\n[%s](agent-aor)\ncontact=sip:%s@127.0.0.1:%s\n\n' \
            "$n" "$n" "$n" "$n" "${AGENT_CONTACT_PORT:-$((n + AGENT_PORT_BASE))}" >>"$tmpf"
        done
      else
        printf '%s\n' "$line" >>"$tmpf"
      fi
    done <"$etc/pjsip.conf"
    mv "$tmpf" "$etc/pjsip.conf"
  fi
  # a second AMI user for the project's tools in the sandbox only (fixture recorder, benchmarks' raw
  # reader): it may read and do everything, so it is never part of dialplan/manager.conf
  cat >>"$etc/manager.conf" <<TOOLS

[$TOOLS_AMI_USER]
secret=$TOOLS_AMI_SECRET
deny=0.0.0.0/0.0.0.0
permit=127.0.0.1/255.255.255.255
read=all
write=all
writetimeout=5000

[$READER_AMI_USER]
secret=$READER_AMI_SECRET
deny=0.0.0.0/0.0.0.0
permit=127.0.0.1/255.255.255.255
read=agent
writetimeout=5000
TOOLS
  if grep -n '^[^;]*@[A-Z_]*@' "$etc"/*.conf >&2; then
    die "unsubstituted placeholders left in $etc"
  fi
}

install_prompts() {
  # prompts/generated is a cache (rebuilt only when the catalogue changes); played as
  # sound:hotline/<lang>/<id> from ROOT/usr/share/asterisk/sounds/hotline/<lang>/<id>.wav
  local out="$REPO/prompts/generated" sounds="$ROOT/usr/share/asterisk/sounds/hotline" lang f
  (cd "$REPO" && node --import tsx scripts/build-prompts.ts --out "$out") >/dev/null ||
    die "building prompts failed (node --import tsx scripts/build-prompts.ts)"
  rm -rf "$sounds"
  mkdir -p "$sounds"
  for lang in "$out"/*/; do
    lang=$(basename "$lang")
    mkdir -p "$sounds/$lang"
    for f in "$out/$lang"/*.wav; do
      [ -e "$f" ] && cp "$f" "$sounds/$lang/"
    done
  done
  return 0
}

install_moh() {
  # musiconhold.conf's class "default" plays ROOT/usr/share/asterisk/moh-hotline: a soft chime made with sox
  # when the directory has no file of the site's (the Debian package ships no music on hold)
  local dir="$ROOT/usr/share/asterisk/moh-hotline" tmp n
  mkdir -p "$dir"
  ls "$dir"/*.wav >/dev/null 2>&1 && return 0
  if ! command -v sox >/dev/null 2>&1; then
    say "warning: sox is missing, so callers on hold hear silence (apt-get install sox, or put 8 kHz WAV files in $dir)"
    return 0
  fi
  tmp=$(mktemp -d)
  n=0
  for note in 523.25 659.25 783.99 659.25 587.33 698.46 880.00 698.46; do
    n=$((n + 1))
    sox -n -r 8000 -c 1 -b 16 -e signed-integer "$tmp/$n.wav" synth 0.45 sine "$note" fade q 0.02 0.45 0.2 gain -18 2>/dev/null
  done
  sox "$tmp"/[1-8].wav -r 8000 -c 1 -b 16 -e signed-integer "$dir/hotline-hold-chime.wav" 2>/dev/null ||
    say "warning: could not make the hold chime with sox; callers on hold hear silence"
  rm -rf "$tmp"
  return 0
}

http_status() {
  # status code of GET $1 with basic auth, 000 if unreachable
  curl -s -o /dev/null -m 2 -w '%{http_code}' -u "$ARI_USER:$ARI_SECRET" "$1" 2>/dev/null || true
}

ami_greets() {
  local line=""
  { exec 3<>"/dev/tcp/127.0.0.1/$AMI_PORT"; } 2>/dev/null || return 1
  IFS= read -r -t 2 line <&3 || true
  exec 3<&- 3>&- || true
  [[ "$line" == *"Asterisk Call Manager"* ]]
}

port_busy() {
  # is something already listening (tcp) or bound (udp) on 127.0.0.1:$1 / 0.0.0.0:$1 ?
  local hex
  hex=$(printf '%04X' "$1")
  grep -qE "^ *[0-9]+: (0100007F|00000000):$hex 00000000:0000 0A" /proc/net/tcp 2>/dev/null && return 0
  grep -qE "^ *[0-9]+: (0100007F|00000000):$hex " /proc/net/udp 2>/dev/null && return 0
  return 1
}

do_up() {
  check_ports
  local pid
  if pid=$(running_pid); then
    say "already running (pid $pid) — not touching it"
    do_status || true
    return 0
  fi
  need_root "pbx up"
  command -v curl >/dev/null 2>&1 || die "curl is missing; run: apt-get install -y curl"
  do_build
  for p in "$SIP_PORT" "$AMI_PORT" "$ARI_PORT"; do
    port_busy "$p" && die "port $p is already in use on 127.0.0.1 (another PBX instance?); set PBX_*_PORT"
  done
  if [ ! -f "$ROOT/$MARKER" ]; then
    local t0
    t0=$(date +%s)
    rm -rf "$ROOT.tmp"
    mkdir -p "$(dirname "$ROOT")"
    cp -a "$BASE" "$ROOT.tmp"
    rm -rf "$ROOT"
    mv "$ROOT.tmp" "$ROOT"
    say "created instance root $ROOT from $BASE in $(( $(date +%s) - t0 )) s"
  fi
  # stale processes from an earlier crash
  do_down_quiet
  install_configs
  install_prompts
  install_moh
  mkdir -p "$ROOT/var/spool/asterisk/recording" "$ROOT/var/log/asterisk" "$ROOT/var/run/asterisk"
  rm -f "$ROOT/var/run/asterisk/asterisk.ctl" "$ROOT/var/run/asterisk/asterisk.pid"
  if ! mountpoint -q "$ROOT/proc"; then
    mount -t proc proc "$ROOT/proc"
  fi
  : >"$LOGFILE"
  setsid chroot "$ROOT" asterisk -f </dev/null >>"$LOGFILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PIDFILE"
  printf 'SIP_PORT=%s\nAMI_PORT=%s\nARI_PORT=%s\nAGENT_PORT_BASE=%s\nHOTLINE_NUMBER=%s\nARI_APP=%s\n' \
    "$SIP_PORT" "$AMI_PORT" "$ARI_PORT" "$AGENT_PORT_BASE" "$NUMBER" "$ARI_APP" >"$PORTSFILE"
  local i ok=0
  for i in $(seq 1 80); do
    if ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    if ami_greets && [ "$(http_status "http://127.0.0.1:$ARI_PORT/ari/asterisk/info")" = 200 ]; then
      ok=1
      break
    fi
    sleep 0.25
  done
  if [ "$ok" != 1 ]; then
    echo "---- $LOGFILE (tail) ----" >&2
    tail -n 40 "$LOGFILE" >&2 || true
    do_down_quiet
    die "Asterisk did not come up within 20 s (AMI 127.0.0.1:$AMI_PORT, ARI 127.0.0.1:$ARI_PORT)"
  fi
  say "up (pid $pid): SIP udp 127.0.0.1:$SIP_PORT (sip:$NUMBER@127.0.0.1:$SIP_PORT)," \
      "AMI ami://$AMI_USER@127.0.0.1:$AMI_PORT, ARI http://127.0.0.1:$ARI_PORT/ari," \
      "agents 1001-$((1000 + AGENT_COUNT)) at 127.0.0.1:${AGENT_CONTACT_PORT:-$((1001 + AGENT_PORT_BASE))-$((1000 + AGENT_COUNT + AGENT_PORT_BASE))}; root $ROOT"
}

do_down_quiet() {
  local pid i left
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
     [ "$(readlink -f "/proc/$pid/root" 2>/dev/null)" = "$(readlink -f "$ROOT")" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  # anything else still running inside this root (e.g. after a lost pid file)
  left=$(root_pids)
  if [ -n "$left" ]; then
    kill -TERM $left 2>/dev/null || true
    sleep 1
    left=$(root_pids)
    [ -n "$left" ] && kill -KILL $left 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$PIDFILE"
  if [ -d "$ROOT/proc" ] && mountpoint -q "$ROOT/proc"; then
    umount "$ROOT/proc" 2>/dev/null || umount -l "$ROOT/proc" || true
  fi
  return 0
}

do_down() {
  if [ ! -d "$ROOT" ]; then
    say "stopped (no instance at $ROOT)"
    return 0
  fi
  local was
  was=$(running_pid || true)
  need_root "pbx down"
  do_down_quiet
  if [ -n "$was" ]; then say "stopped (was pid $was, root $ROOT)"; else say "stopped (was not running, root $ROOT)"; fi
}

do_status() {
  local pid sip=$SIP_PORT ami=$AMI_PORT ari=$ARI_PORT
  if [ -f "$PORTSFILE" ]; then
    sip=$(sed -n 's/^SIP_PORT=//p' "$PORTSFILE"); ami=$(sed -n 's/^AMI_PORT=//p' "$PORTSFILE")
    ari=$(sed -n 's/^ARI_PORT=//p' "$PORTSFILE")
  fi
  if pid=$(running_pid); then
    say "running (pid $pid): SIP udp 127.0.0.1:$sip, AMI 127.0.0.1:$ami, ARI http://127.0.0.1:$ari/ari; root $ROOT"
    return 0
  fi
  say "stopped (root $ROOT; ports SIP $sip, AMI $ami, ARI $ari)"
  return 3
}

CMD=${1:-}
case "$CMD" in
  build) do_build; say "base root ready at $BASE" ;;
  up) do_up ;;
  down) do_down ;;
  status) do_status ;;
  *) echo "usage: $0 build|up|down|status" >&2; exit 2 ;;
esac
