#!/usr/bin/env python3
"""A probe of a learned kind classifier beside the rules on parts it was not trained on (not
shipped): `probe_classifier.py`'s averaged perceptron, trained on dev and every held-out part
but the ones named, scored on those parts' single- and no-intent lines against the rules, and
as a hybrid that takes the classifier's kind wherever the rules give at most one intent.

    python3 core/tests/data/intents/probe_hybrid.py --rules-log LOG heldout-r30.jsonl heldout-r31.jsonl

LOG (one or more): the output of the corpus test (`cargo test ... --test intent_corpus --
--nocapture`) on the parser being compared, with the named parts joined (their `kind miss`
lines are what the rules got wrong). Deterministic; the perceptron learns in file order, and
another order moves its figures by a line or two.

The classifier ships since session seventeen (`core/src/intent/kinds/`, trained at setup; the
corpus test measures it on parts left out of its training): this probe is kept as the record of
how it was first measured.
"""
import argparse
import glob
import json
import os

import probe_classifier as pc

HERE = os.path.dirname(os.path.abspath(__file__))


def rules_kinds(logs, name):
    """The kinds the rules gave on each of `name`'s lines they got wrong."""
    return {said: got for part, said, got, _ in pc.kind_misses(logs) if part == name}


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--rules-log", action="append", required=True)
    args.add_argument("parts", nargs="+")
    opts = args.parse_args()
    train = []
    for path in sorted(glob.glob(os.path.join(HERE, "*.jsonl"))):
        if os.path.basename(path) not in opts.parts:
            train += pc.load(path)
    model = pc.train(train)
    print(f"trained on {len(train)} single- and no-intent lines")
    for name in opts.parts:
        got = rules_kinds(opts.rules_log, name)
        lines = [json.loads(l) for l in open(os.path.join(HERE, name), encoding="utf-8") if l.strip()]
        single = rules_single = clf_single = rules_all = hybrid_all = 0
        for v in lines:
            want = [i["kind"] for i in v["intents"]]
            rules = got.get(v["utterance"], want)
            guess = pc.predict(model, v["utterance"])
            guessed = [] if guess == "none" else [guess]
            if len(want) <= 1:
                single += 1
                rules_single += rules == want
                clf_single += guessed == want
            rules_all += rules == want
            hybrid_all += (guessed if len(rules) <= 1 else rules) == want
        pct = lambda n, d: f"{100 * n / max(d, 1):.1f} %"
        print(f"{name}: single- and no-intent lines {single}: rules {pct(rules_single, single)}, "
              f"classifier {pct(clf_single, single)}; all {len(lines)} lines: rules "
              f"{pct(rules_all, len(lines))}, hybrid {pct(hybrid_all, len(lines))}")


if __name__ == "__main__":
    main()
