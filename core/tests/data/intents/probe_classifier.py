#!/usr/bin/env python3
"""Round six's probe of option (b) in docs/intents.md: a char-1-3-gram + English word and
bigram averaged perceptron over the intent kinds (+ none), trained on dev only and scored on the
single-intent and no-intent utterances of each held-out part (those also in dev left out).
Deterministic; not shipped.

    python3 core/tests/data/intents/probe_classifier.py [--dev PATH] [-v]
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HELD_OUT = ["heldout.jsonl", "heldout-wide.jsonl", "heldout-fresh.jsonl",
            "heldout-final.jsonl", "heldout-r4.jsonl", "heldout-r5.jsonl"]


def load(path):
    """(utterance, label) of single-intent and no-intent lines."""
    out = []
    for line in open(path, encoding="utf-8"):
        if line.strip():
            v = json.loads(line)
            kinds = [i["kind"] for i in v["intents"]]
            if len(kinds) <= 1:
                out.append((v["utterance"], kinds[0] if kinds else "none"))
    return out


def features(text):
    text = re.sub(r"\d+", "0", text.lower())
    padded = "^" + text + "$"
    found = {padded[i:i + n] for n in (1, 2, 3) for i in range(len(padded) - n + 1)
             if not (n == 1 and padded[i].isascii())}
    words = re.findall(r"[a-z']+", text)
    found |= {"w:" + w for w in words} | {"b:" + a + " " + b for a, b in zip(words, words[1:])}
    return found


def train(data, epochs=10):
    labels = sorted({y for _, y in data})
    w, u, c = collections.defaultdict(float), collections.defaultdict(float), 1
    for _ in range(epochs):
        for x, y in data:
            fs = features(x)
            guess = max(labels, key=lambda l: (sum(w[(l, f)] for f in fs), l))
            if guess != y:
                for f in fs:
                    w[(y, f)] += 1
                    w[(guess, f)] -= 1
                    u[(y, f)] += c
                    u[(guess, f)] -= c
            c += 1
    return labels, {k: w[k] - u[k] / c for k in w}


def predict(model, x):
    labels, w = model
    fs = features(x)
    return max(labels, key=lambda l: (sum(w.get((l, f), 0) for f in fs), l))


def main():
    dev = sys.argv[sys.argv.index("--dev") + 1] if "--dev" in sys.argv else os.path.join(HERE, "dev.jsonl")
    training = load(dev)
    model = train(training)
    seen = {x.lower().strip() for x, _ in training}
    for name in HELD_OUT:
        # A held-out line said the same way in dev (small talk such as `good morning`) is no
        # test of generalisation: left out.
        cases = [(x, y) for x, y in load(os.path.join(HERE, name)) if x.lower().strip() not in seen]
        right = 0
        for x, y in cases:
            guess = predict(model, x)
            right += guess == y
            if guess != y and "-v" in sys.argv:
                print(f"    {name}: {x!r} -> {guess}, want {y}")
        print(f"{name}: {len(cases)} single/none utterances, kind right {right} ({100 * right / len(cases):.1f}%)")


if __name__ == "__main__":
    main()
