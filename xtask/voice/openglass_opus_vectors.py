"""Makes the OpenGlass/omiGlass Opus test vectors in core/tests/data/openglass-opus/: espeak-ng
speech at 16 kHz, encoded by libopus (Debian's libopus.so.0, called through ctypes) with the
settings the omi firmware gives its encoder, and the reference decoder's output beside them.

    python3 xtask/voice/openglass_opus_vectors.py          (from the repository root)

Codec 21 is omiGlass (BasedHardware/omi omiGlass/firmware/src/config.h, opus_encoder.cpp):
OPUS_APPLICATION_VOIP, 320-sample (20-ms) frames, 32 kbit/s unconstrained VBR, complexity 3,
signal voice, 16-bit depth, no DTX, no in-band FEC, at most 160 bytes a packet. Codec 20 is
the Omi pendant's 10-ms variant (omi/firmware config.h, codec.c): OPUS_APPLICATION_RESTRICTED_
LOWDELAY (CELT only), 160-sample frames, otherwise the same. Each notification the firmware
sends is `index u16 LE, 0` and one packet; the simulator frames the packets so.

    NAME.c21 / NAME.c20   the packets, each behind its length (u16 LE)
    NAME.c21.pcm ...      libopus's decoding of them (opus_decode at 16 kHz, mono), 16-bit LE

Measurement and test data only: libopus never ships; the core decodes with opus-pure.
"""

import ctypes
import pathlib
import subprocess
import sys
import tempfile

OUT = pathlib.Path("core/tests/data/openglass-opus")
LIB = ctypes.CDLL("libopus.so.0")
LIB.opus_encoder_create.restype = LIB.opus_decoder_create.restype = ctypes.c_void_p
LIB.opus_get_version_string.restype = ctypes.c_char_p
RATE = 16_000
VOIP, RESTRICTED_LOWDELAY = 2048, 2051
SET_BITRATE, SET_VBR, SET_COMPLEXITY, SET_INBAND_FEC = 4002, 4006, 4010, 4012
SET_PACKET_LOSS_PERC, SET_DTX, SET_VBR_CONSTRAINT, SET_SIGNAL, SET_LSB_DEPTH = 4014, 4016, 4020, 4024, 4036
SIGNAL_VOICE = 3001
# codec id: (application, samples a frame, most bytes a packet)
FIRMWARE = {21: (VOIP, 320, 160), 20: (RESTRICTED_LOWDELAY, 160, 320)}


def speech(text, speed):
    with tempfile.TemporaryDirectory() as work:
        wav = pathlib.Path(work) / "s.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(speed), "-w", str(wav), text], check=True)
        raw = subprocess.run(["sox", "-R", str(wav), "-t", "raw", "-r", str(RATE), "-c", "1", "-b", "16",
                              "-e", "signed-integer", "-", "pad", "0.3", "0.5"],
                             check=True, capture_output=True).stdout
    return raw


def encode(pcm, codec):
    application, frame, most = FIRMWARE[codec]
    err = ctypes.c_int()
    enc = ctypes.c_void_p(LIB.opus_encoder_create(RATE, 1, application, ctypes.byref(err)))
    assert err.value == 0, err.value
    for ctl, value in [(SET_BITRATE, 32_000), (SET_COMPLEXITY, 3), (SET_SIGNAL, SIGNAL_VOICE), (SET_VBR, 1),
                       (SET_VBR_CONSTRAINT, 0), (SET_LSB_DEPTH, 16), (SET_DTX, 0), (SET_INBAND_FEC, 0),
                       (SET_PACKET_LOSS_PERC, 0)]:
        assert LIB.opus_encoder_ctl(enc, ctl, ctypes.c_int(value)) == 0, ctl
    packets, out = [], (ctypes.c_ubyte * most)()
    # The firmware encodes whole frames only: the tail shorter than a frame stays in its ring.
    for at in range(0, len(pcm) - frame * 2 + 1, frame * 2):
        block = (ctypes.c_int16 * frame).from_buffer_copy(pcm[at:at + frame * 2])
        n = LIB.opus_encode(enc, block, frame, out, most)
        assert 0 < n <= most, n
        packets.append(bytes(out[:n]))
    LIB.opus_encoder_destroy(enc)
    return packets


def decode(packets, frame):
    err = ctypes.c_int()
    dec = ctypes.c_void_p(LIB.opus_decoder_create(RATE, 1, ctypes.byref(err)))
    assert err.value == 0, err.value
    pcm, out = b"", (ctypes.c_int16 * (frame * 6))()
    for packet in packets:
        data = (ctypes.c_ubyte * len(packet)).from_buffer_copy(packet)
        n = LIB.opus_decode(dec, data, len(packet), out, frame * 6, 0)
        assert n == frame, n
        pcm += bytes(out)[:n * 2]
    LIB.opus_decoder_destroy(dec)
    return pcm


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    print("libopus", LIB.opus_get_version_string().decode(), file=sys.stderr)
    clips = [("yes", "Yes.", 150, [21, 20], True),
             ("boots", "Get me some snow boots before I leave.", 150, [21], False)]
    for name, text, speed, codecs, reference in clips:
        pcm = speech(text, speed)
        for codec in codecs:
            packets = encode(pcm, codec)
            (OUT / f"{name}.c{codec}").write_bytes(b"".join(len(p).to_bytes(2, "little") + p for p in packets))
            if reference:
                (OUT / f"{name}.c{codec}.pcm").write_bytes(decode(packets, FIRMWARE[codec][1]))
            sizes = [len(p) for p in packets]
            print(f"{name}.c{codec}: {len(packets)} packets, {min(sizes)}-{max(sizes)} B, "
                  f"{sum(sizes) * 8 / (len(packets) * FIRMWARE[codec][1] / RATE) / 1000:.1f} kbit/s, "
                  f"TOC {sorted({p[0] for p in packets})}", file=sys.stderr)


if __name__ == "__main__":
    main()
