#!/bin/sh
# Makes the Even G1 microphone test vectors in core/tests/data/g1-lc3/: espeak-ng speech at
# 16 kHz, encoded by liblc3's reference encoder (`elc3`, Debian liblc3-tools) as the G1 sends
# it — LC3, 16 kHz, 10-ms frames of 40 bytes (32 kbit/s), five frames to an `F1 seq` packet —
# and decoded by the reference decoder (`dlc3`), whose PCM the tests compare lc3-codec's with.
#   NAME.lc3   the frames, concatenated (the lc3 file's header and frame lengths stripped)
#   yes.pcm    dlc3's output for yes.lc3, 16-bit little-endian mono at 16 kHz (its 2.5-ms
#              codec delay removed)
# Run from the repository root: sh xtask/voice/g1_lc3_vectors.sh
set -eu
out=core/tests/data/g1-lc3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
make() {
    espeak-ng -v en-us -s 150 -w "$work/$1.wav" "$2"
    sox -R "$work/$1.wav" -r 16000 -c 1 -b 16 "$work/$1.16k.wav" pad 0.5 1.0
    elc3 -b 32000 -m 10 "$work/$1.16k.wav" "$work/$1.lc3bin"
    if [ "${3:-}" = reference ]; then
        dlc3 "$work/$1.lc3bin" "$work/$1.ref.wav"
        sox -R "$work/$1.ref.wav" -t raw -b 16 -e signed-integer "$out/$1.pcm"
    fi
    python3 - "$work/$1.lc3bin" "$out/$1.lc3" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
pos, frames = int.from_bytes(data[2:4], "little"), b""
while pos + 2 <= len(data):
    n = int.from_bytes(data[pos:pos + 2], "little")
    assert n == 40, n
    frames += data[pos + 2:pos + 2 + n]
    pos += 2 + n
open(sys.argv[2], "wb").write(frames)
PY
}
make yes "Yes." reference
make boots "Get me some snow boots before I leave."
