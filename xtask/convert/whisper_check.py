"""Check the converted Whisper graphs against faster-whisper on the same model and clips.

Usage: whisper_check.py MODEL_DIR ENCODER.onnx DECODER.onnx TOKENS.f16 CLIP.wav...

MODEL_DIR holds the CTranslate2 `model.bin`, `tokenizer.json` and `config.json`. For each
16-kHz mono clip, the converted graphs (run by onnxruntime at a 30-s window, the window
faster-whisper uses) decode greedily exactly as faster-whisper does with beam_size=1,
temperature 0 and no timestamps; the two transcripts must be identical. Runs in the bench's
virtual environment only (faster-whisper is never a run-time dependency).
"""

import json
import sys
import wave

import numpy as np
import onnxruntime as ort
from faster_whisper import WhisperModel
from faster_whisper.feature_extractor import FeatureExtractor
from faster_whisper.tokenizer import Tokenizer

LAYERS, HEADS = 6, 8


def read_clip(path):
    with wave.open(path) as w:
        if w.getframerate() != 16000 or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise SystemExit(f"{path}: expected 16-kHz mono 16-bit PCM")
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768


def greedy(encoder, decoder, table, mel, prompt, suppress, begin, eot, limit):
    cross = dict(zip((o.name for o in encoder.get_outputs()),
                     encoder.run(None, {"mel": mel[None]})))
    past_k = np.zeros((LAYERS, HEADS, 0, 64), np.float32)
    past_v = past_k
    tokens, new = [], list(prompt)
    while len(tokens) < limit:
        n, p = len(new), past_k.shape[2]
        mask = np.triu(np.full((n, p + n), -np.inf, np.float32), k=p + 1)
        hidden, past_k, past_v = decoder.run(None, {
            "embeddings": table[new][None], "positions": np.arange(p, p + n, dtype=np.int64),
            "mask": mask, "past_k": past_k, "past_v": past_v, **cross})
        logits = hidden[0, -1] @ table.T
        logits[suppress] = -np.inf
        if not tokens:
            logits[begin] = -np.inf
        token = int(np.argmax(logits))
        if token == eot:
            break
        tokens.append(token)
        new = [token]
    return tokens


def main():
    if len(sys.argv) < 6:
        raise SystemExit(__doc__)
    model_dir, encoder_path, decoder_path, tokens_path = sys.argv[1:5]
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    encoder = ort.InferenceSession(encoder_path, options)
    decoder = ort.InferenceSession(decoder_path, options)
    table = np.fromfile(tokens_path, "<f2").astype(np.float32).reshape(-1, 512)
    config = json.load(open(f"{model_dir}/config.json"))
    reference = WhisperModel(model_dir, device="cpu", compute_type="float32", cpu_threads=1)
    features = FeatureExtractor()
    failures = 0
    for clip in sys.argv[5:]:
        audio = read_clip(clip)
        segments, info = reference.transcribe(audio, beam_size=1, temperature=0,
                                              without_timestamps=True,
                                              condition_on_previous_text=False)
        want = "".join(s.text for s in segments).strip()
        tokenizer = Tokenizer(reference.hf_tokenizer, True, task="transcribe",
                              language=info.language)
        # faster-whisper's features: the audio's frames, then 0.0 up to the 30-s window.
        mel = features(audio)[:, :len(audio) // 160][:, :3000]
        mel = np.pad(mel, ((0, 0), (0, 3000 - mel.shape[1])))
        suppress = sorted(set(config["suppress_ids"]) | {tokenizer.no_timestamps} |
                          set(range(tokenizer.timestamp_begin, table.shape[0])))
        prompt = list(tokenizer.sot_sequence) + [tokenizer.no_timestamps]
        tokens = greedy(encoder, decoder, table, mel.astype(np.float32), prompt, suppress,
                        config["suppress_ids_begin"], tokenizer.eot, 224)
        got = tokenizer.decode(tokens).strip()
        same = got == want
        failures += not same
        print(json.dumps({"clip": clip, "language": info.language, "onnx": got,
                          "faster_whisper": want, "same": same}, ensure_ascii=False))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
