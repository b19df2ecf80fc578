"""The validation characters every side of the time-to-quality comparison is scored on.

Unroll's rule (dev.unroll.engine.train.Trainer.trainingLength / validationSpan / validationLoss; the text as
Unroll's Corpus reads it, in code points, a leading byte-order mark dropped):
a corpus of n characters trains on its first n - floor(n * F) characters; the held-out tail's first
min(floor(n * F), 10,000 + 1) characters are read from a zero state, each predicting the next, so
10,000 predictions. The slice is identified by the SHA-256 of its UTF-8 bytes; each side prints the
hash of the characters it actually scored, and the driver compares them with this reference.
Standard library only (the driver runs it with any python3).
"""
import hashlib
import math

MAX_VALIDATION_CHARS = 10000


def split(n, val_fraction=0.1, max_chars=MAX_VALIDATION_CHARS):
    """(start, span): the tail starts at `start`; `span` characters are read (span - 1 predictions)."""
    train = n - int(math.floor(n * val_fraction))
    return train, min(n - train, max_chars + 1)


def describe(chars):
    """One short line that identifies a slice of characters: length, sha256 prefix, first and last characters."""
    h = hashlib.sha256(chars.encode("utf-8")).hexdigest()[:16]
    return {"chars": len(chars), "sha256": h, "first": chars[:12], "last": chars[-12:]}


def reference(corpus_path, val_fraction=0.1, max_chars=MAX_VALIDATION_CHARS):
    text = open(corpus_path, encoding="utf-8-sig").read()   # code points; a leading BOM is not text (as Unroll's Corpus)
    start, span = split(len(text), val_fraction, max_chars)
    return dict(describe(text[start:start + span]), start=start)
