#!/usr/bin/env bash
# Makes sure the Debian packages the tests need are installed:
#   debootstrap (Asterisk sandbox root), sip-tester (sipp: callers and agent phones), espeak-ng + sox
#   (prompts), chromium (browser tests), fonts-wqy-microhei (Chinese text in browser screenshots),
#   curl (sandbox health checks), pocketsphinx + pocketsphinx-en-us (English transcripts) and
#   pocketsphinx-testdata (human recordings with reference transcripts), iproute2 (ss -K: the ARI fault test
#   resets the server's connections), bsdutils (script: a terminal for the CLI's password prompt test).
# Missing packages are installed when running as root (apt-get update once, then install);
# otherwise the exact command is printed and the script fails. Quiet (one line) when all is present.
set -euo pipefail

# package:binary (or /absolute/file) that proves it is installed
REQUIRED="debootstrap:debootstrap sip-tester:sipp espeak-ng:espeak-ng sox:sox chromium:chromium curl:curl fonts-wqy-microhei:/usr/share/fonts/truetype/wqy/wqy-microhei.ttc pocketsphinx:pocketsphinx_continuous pocketsphinx-en-us:/usr/share/pocketsphinx/model/en-us/en-us.lm.bin pocketsphinx-testdata:/usr/share/pocketsphinx/test/data/librivox/transcription iproute2:ss bsdutils:script"

present() {
  case "$1" in
    /*) [ -e "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] ;;
  esac
}

missing=()
for item in $REQUIRED; do
  pkg=${item%%:*}
  bin=${item#*:}
  if ! present "$bin"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "test prerequisites: ok (debootstrap, sipp, espeak-ng, sox, chromium, curl, a CJK font, pocketsphinx, ss, script)"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "test prerequisites: missing Debian packages: ${missing[*]}" >&2
  echo "install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "test prerequisites: missing ${missing[*]} and no apt-get on this machine (Debian expected)" >&2
  exit 1
fi

echo "test prerequisites: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for item in $REQUIRED; do
  bin=${item#*:}
  if ! present "$bin"; then
    echo "test prerequisites: ${item%%:*} still missing after apt-get install" >&2
    exit 1
  fi
done
echo "test prerequisites: installed ${missing[*]}"
