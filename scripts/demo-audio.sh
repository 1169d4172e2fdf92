#!/usr/bin/env bash
# The voice a SIPp "citizen" streams when leaving a message (test/sipp/*message*.xml): a spoken complaint
# synthesised with espeak-ng and converted with sox to raw A-law at 8 kHz, the codec the scenarios offer.
#   bash scripts/demo-audio.sh            → test/sipp/generated/message-speech.alaw (made once)
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$REPO/test/sipp/generated"
TARGET="$OUT/message-speech.alaw"
[ -s "$TARGET" ] && exit 0
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null 2>&1 || { echo "demo-audio: $tool is missing; run: sudo apt-get install -y espeak-ng sox" >&2; exit 1; }
done
mkdir -p "$OUT"
TEXT='Hello, my name is Zhang San. The battery of the electric bicycle I bought last week caught fire while charging. Please call me back on one three six, zero zero zero zero, zero zero zero one.'
espeak-ng -v en -s 160 -w "$OUT/message-speech.wav" "$TEXT"
sox "$OUT/message-speech.wav" -r 8000 -c 1 -t al "$TARGET.tmp"
mv "$TARGET.tmp" "$TARGET"
echo "demo-audio: wrote $TARGET"
