#!/usr/bin/env python3
"""Round six's probe of option (b) in docs/intents.md: a char-1-3-gram + English word and
bigram averaged perceptron over the intent kinds (+ none), trained on dev only and scored on the
single-intent and no-intent utterances of each held-out part (those also in dev left out).
Deterministic; not shipped.

    python3 core/tests/data/intents/probe_classifier.py [--dev PATH] [--cv K] [--rules-log LOG] [-v]

--cv K: K-fold cross-validation over dev. --rules-log LOG: the output of the corpus test
(`cargo test ... --test intent_corpus -- --nocapture`), to simulate the classifier as a fallback
on each part's lines the rules understood nothing of, at several margins.
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HELD_OUT = ["heldout.jsonl", "heldout-wide.jsonl", "heldout-fresh.jsonl",
            "heldout-final.jsonl", "heldout-r4.jsonl", "heldout-r5.jsonl", "heldout-r6.jsonl",
            "heldout-r7.jsonl"]


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


def ranked(model, x):
    """(label, score) best first."""
    labels, w = model
    fs = features(x)
    return sorted(((l, sum(w.get((l, f), 0) for f in fs)) for l in labels),
                  key=lambda p: (-p[1], p[0]))


def predict(model, x):
    return ranked(model, x)[0][0]


def fallback_guess(model, x, margin):
    """What the classifier adds when the rules understood nothing: a kind whose score beats
    the runner-up by at least `margin`, else none."""
    (best, s1), (_, s2) = ranked(model, x)[:2]
    return best if best != "none" and s1 - s2 >= margin else "none"


MARGINS = [0, 5, 10, 20, 30, 40, 60]


def cross_validate(data, k=5):
    """k-fold over dev (fold = index mod k): plain accuracy, and as a fallback at each margin
    how many none lines would turn into an intent (broken) and how many intent lines it names
    right (what it could fix were the rules to miss them)."""
    right, broken, fixed = 0, collections.Counter(), collections.Counter()
    nones = sum(y == "none" for _, y in data)
    for fold in range(k):
        model = train([p for i, p in enumerate(data) if i % k != fold])
        for x, y in (p for i, p in enumerate(data) if i % k == fold):
            right += predict(model, x) == y
            for m in MARGINS:
                g = fallback_guess(model, x, m)
                if y == "none":
                    broken[m] += g != "none"
                else:
                    fixed[m] += g == y
    print(f"dev {k}-fold: {len(data)} single/none utterances, kind right {right} "
          f"({100 * right / len(data):.1f}%)")
    for m in MARGINS:
        print(f"  fallback margin {m:>3}: none lines made intents {broken[m]}/{nones} "
              f"({100 * broken[m] / nones:.1f}%), intent lines named right {fixed[m]}/"
              f"{len(data) - nones} ({100 * fixed[m] / (len(data) - nones):.1f}%)")


def kind_misses(logs):
    """(part, utterance, kinds the rules gave, kinds wanted) of every `kind miss [...] "...":
    got [...], want [...]` line of the corpus test's output, in order."""
    misses = []
    for line in (line for log in logs for line in open(log, encoding="utf-8")):
        m = re.match(r'\s*kind miss \[(.+?)\] "(.*)": got (\[.*?\]), want (\[.*\])$', line)
        if m:
            misses.append((m.group(1), json.loads('"' + m.group(2) + '"'),
                           json.loads(m.group(3)), json.loads(m.group(4))))
    return misses


def rules_nothing(log):
    """Utterances the rules understood nothing of, per part, from the corpus test's output
    (`kind miss [...] "...": got [], want [...]`) plus the part's no-intent lines the rules
    got right (they printed no miss for them)."""
    missed = collections.defaultdict(list)
    for part, said, got, want in kind_misses([log]):
        if not got and len(want) == 1:
            missed[part].append((said, want[0]))
    return missed


def simulate_fallback(model, log):
    missed = rules_nothing(log)
    for name in HELD_OUT:
        nones = [(x, y) for x, y in load(os.path.join(HERE, name)) if y == "none"]
        cases = missed.get(name, []) + nones
        if not missed.get(name):
            continue
        for m in MARGINS:
            fixed = sum(fallback_guess(model, x, m) == y for x, y in missed[name])
            wrong = sum(fallback_guess(model, x, m) not in ("none", y) for x, y in missed[name])
            broken = sum(fallback_guess(model, x, m) != "none" for x, _ in nones)
            print(f"{name} fallback margin {m:>3}: of {len(missed[name])} understood-nothing "
                  f"misses fixed {fixed}, wrong kind {wrong}; of {len(nones)} no-intent lines "
                  f"made intents {broken}")
        if "-v" in sys.argv:
            for x, y in cases:
                r = ranked(model, x)
                print(f"    {x!r} want {y}: {r[0][0]} {r[0][1]:.0f}, {r[1][0]} {r[1][1]:.0f}")


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
    if "--cv" in sys.argv:
        cross_validate(training, int(sys.argv[sys.argv.index("--cv") + 1]))
    if "--rules-log" in sys.argv:
        simulate_fallback(model, sys.argv[sys.argv.index("--rules-log") + 1])


if __name__ == "__main__":
    main()
