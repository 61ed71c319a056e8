"""How much each candidate link codec costs the recogniser: speech clips (espeak-ng) are
round-tripped through each codec and heard by `sightline hear --json`; the word error rate
against the words spoken is printed per codec (and the clips each codec got wrong).

    python3 xtask/voice/link_codecs.py SIGHTLINE_BINARY MODELS_DIR [WORK_DIR]

Codecs: 16-bit PCM (the reference), 4-bit IMA-ADPCM in 20-ms blocks that each restart the
coder (the Sightline protocol's codec 1 before µ-law, ported here), IMA-ADPCM as sox writes
it (one running coder), G.711 µ-law and A-law at 16 kHz (sox), Opus at 24 and 32 kbit/s
(opusenc/opusdec, 20-ms frames) and LC3 at 32 kbit/s, 10-ms frames (liblc3's elc3/dlc3, the
Even G1's codec). Needs espeak-ng and sox (setup), opus-tools and liblc3-tools (Debian).
Measurement only: nothing of it ships.
"""

import json
import pathlib
import re
import subprocess
import sys
import tempfile

# The demo walk's English lines (its voice), the link test's lines, the voice bench's commands.
DEMO_VOICE = ["-v", "en-us+klatt", "-s", "130", "-g", "6"]
DEMO = [
    "does this shop have snow boots",
    "what does this sign say",
    "plan my trip to Harbin next week and get me snow boots in size 42 before I leave",
]
PLAIN_VOICE = ["-v", "en-us", "-s", "150"]
# The voice bench's English commands, read from the bench (core/benches/voice.rs).
BENCH = pathlib.Path(__file__).resolve().parents[2] / "core/benches/voice.rs"
PLAIN = ["Yes.", "Get me some snow boots before I leave."] + re.findall(
    r'"([^"]+)",', BENCH.read_text().split("const ENGLISH")[1].split("];")[0])
FAST_VOICE = ["-v", "en-us", "-s", "210"]

STEPS = [
    7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66,
    73, 80, 88, 97, 107, 118, 130, 143, 157, 173, 190, 209, 230, 253, 279, 307, 337, 371, 408, 449,
    494, 544, 598, 658, 724, 796, 876, 963, 1060, 1166, 1282, 1411, 1552, 1707, 1878, 2066, 2272,
    2499, 2749, 3024, 3327, 3660, 4026, 4428, 4871, 5358, 5894, 6484, 7132, 7845, 8630, 9493,
    10442, 11487, 12635, 13899, 15289, 16818, 18500, 20350, 22385, 24623, 27086, 29794, 32767,
]
INDEX_STEP = [-1, -1, -1, -1, 2, 4, 6, 8]


def run(*args):
    subprocess.run([str(a) for a in args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def read_pcm(wav):
    raw = subprocess.run(
        ["sox", "-R", str(wav), "-t", "raw", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-"],
        check=True, capture_output=True).stdout
    return [int.from_bytes(raw[i:i + 2], "little", signed=True) for i in range(0, len(raw) - 1, 2)]


def write_pcm(samples, wav):
    raw = b"".join(max(-32768, min(32767, s)).to_bytes(2, "little", signed=True) for s in samples)
    subprocess.run(["sox", "-R", "-t", "raw", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-",
                    str(wav)], input=raw, check=True)


def block_adpcm(samples):
    """The Sightline protocol's former codec 1, encoded then decoded (core/src/link/audio)."""
    out = []
    for start in range(0, len(samples), 320):
        block = samples[start:start + 320]
        swing = max([abs(block[i + 1] - block[i]) for i in range(min(8, len(block) - 1))] or [0])
        index = next((i for i, s in enumerate(STEPS) if s >= swing), 0)
        enc_pred, enc_index = block[0], index
        dec_pred, dec_index = block[0], index
        for sample in block:
            step = STEPS[enc_index]
            diff = sample - enc_pred
            code = 0
            if diff < 0:
                code, diff = 8, -diff
            for bit, part in ((4, step), (2, step >> 1), (1, step >> 2)):
                if diff >= part:
                    code |= bit
                    diff -= part
            enc_pred, enc_index = apply(enc_pred, enc_index, code)
            dec_pred, dec_index = apply(dec_pred, dec_index, code)
            out.append(dec_pred)
    return out


def apply(predictor, index, code):
    step = STEPS[index]
    diff = step >> 3
    if code & 4:
        diff += step
    if code & 2:
        diff += step >> 1
    if code & 1:
        diff += step >> 2
    if code & 8:
        diff = -diff
    predictor = max(-32768, min(32767, predictor + diff))
    index = max(0, min(88, index + INDEX_STEP[code & 7]))
    return predictor, index


def through_sox(src, dst, work, *encoding):
    coded = work / (dst.stem + ".coded.wav")
    run("sox", "-R", src, *encoding, coded)
    run("sox", "-R", coded, "-b", "16", "-e", "signed-integer", dst)


def through_opus(src, dst, work, kbps):
    coded = work / (dst.stem + ".opus")
    run("opusenc", "--quiet", "--bitrate", kbps, "--framesize", "20", "--speech", src, coded)
    run("opusdec", "--quiet", "--rate", "16000", coded, dst)


def through_lc3(src, dst, work, bps):
    coded = work / (dst.stem + ".lc3")
    run("elc3", "-b", bps, "-m", "10", src, coded)
    run("dlc3", coded, dst)


CODECS = {
    "pcm16 (256 kbit/s)": lambda s, d, w: run("cp", s, d),
    "ima-adpcm 20-ms blocks (64)": lambda s, d, w: write_pcm(block_adpcm(read_pcm(s)), d),
    "ima-adpcm sox (64)": lambda s, d, w: through_sox(s, d, w, "-e", "ima-adpcm"),
    "mu-law (128)": lambda s, d, w: through_sox(s, d, w, "-e", "u-law"),
    "a-law (128)": lambda s, d, w: through_sox(s, d, w, "-e", "a-law"),
    "opus (32)": lambda s, d, w: through_opus(s, d, w, 32),
    "opus (24)": lambda s, d, w: through_opus(s, d, w, 24),
    "lc3 10 ms (32)": lambda s, d, w: through_lc3(s, d, w, 32000),
}


# Numbers as Whisper may write them ("4" or "four"): both count as the same word.
NUMBERS = {"2": "two", "4": "four", "6": "six", "42": "forty two"}


def words(text):
    said = re.sub(r"[^a-z0-9 ]", " ", text.lower().replace("-", " ")).split()
    return " ".join(NUMBERS.get(w, w) for w in said).split()


def errors(ref, hyp):
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def main():
    binary, models = sys.argv[1], sys.argv[2]
    work = pathlib.Path(sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp())
    work.mkdir(parents=True, exist_ok=True)
    clips = []
    for group, voice, lines in (("demo", DEMO_VOICE, DEMO), ("150", PLAIN_VOICE, PLAIN),
                                ("210", FAST_VOICE, PLAIN[2:])):
        for i, text in enumerate(lines):
            spoken = work / f"{group}-{i}.espeak.wav"
            run("espeak-ng", *voice, "-w", spoken, text)
            clip = work / f"{group}-{i}.wav"
            run("sox", "-R", spoken, "-r", "16000", "-c", "1", "-b", "16", clip, "pad", "0.3", "0.9")
            clips.append((clip, text))
    files = []
    for ci, (name, codec) in enumerate(CODECS.items()):
        for clip, text in clips:
            out = work / f"c{ci}-{clip.stem}.wav"
            codec(clip, out, work)
            files.append((name, out, text))
    results = {}
    for name in CODECS:  # one run per codec: a file that fails stops only its own codec
        paths = [str(f) for codec, f, _ in files if codec == name]
        heard = subprocess.run([binary, "--models-dir", models, "hear", "--json", *paths],
                               capture_output=True, text=True)
        for line in heard.stdout.splitlines():
            if line.startswith("{"):
                result = json.loads(line)
                results[result["file"]] = result.get("text", "")
    (work / "heard.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(f"{len(clips)} clips per codec (demo voice: 3, en-us 150 wpm: 10, 210 wpm: 8)")
    for name in CODECS:
        total = wrong = 0
        misses = []
        for codec, path, text in files:
            if codec != name:
                continue
            ref, hyp = words(text), words(results.get(str(path), ""))
            e = errors(ref, hyp)
            total += len(ref)
            wrong += e
            if e:
                misses.append(f"{path.stem}: {results.get(str(path), '<nothing>')!r}")
        print(f"{name:32} WER {100.0 * wrong / total:5.1f} %  ({wrong}/{total})")
        for miss in misses:
            print(f"    {miss}")


if __name__ == "__main__":
    main()
