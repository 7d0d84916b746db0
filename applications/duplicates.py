"""Duplicate check (查重): jieba tokens, MinHash signatures (datasketch), LSH bands stored in the database.

Band keys live in a table, so every app server and worker queries the same index and nothing is
held in process memory. Candidates sharing a band key are scored by the MinHash Jaccard estimate;
for each real match the report lists the most similar sentence pairs as overlapping passages.
"""

import hashlib
import re
from functools import cache
from itertools import pairwise

import numpy as np
from datasketch import MinHash

from applications.models import Application, ApplicationStatus, DuplicateReport, LshBand, TextFingerprint

NUM_PERM = 128
BANDS, ROWS = 42, 3  # candidates from Jaccard ≈ (1/42)^(1/3) ≈ 0.29 (87% at 0.36, 99.6% at 0.5)
REPORT_THRESHOLD = 0.3
SENTENCE_SPLIT = re.compile(r"[。！？；;!?\n]+")
PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    return jieba


def text_of(application: Application) -> str:
    return "\n".join([application.title, application.abstract, application.objectives])


def tokens(text: str) -> list[str]:
    """Words of a Chinese text (jieba), without punctuation and whitespace."""
    return [w for w in _jieba().lcut(text) if not PUNCTUATION.fullmatch(w)]


def shingles(text: str) -> set[str]:
    """Words of two or more characters plus word bigrams: robust to reordering and light paraphrase."""
    words = tokens(text)
    return {w for w in words if len(w) > 1} | {f"{a}|{b}" for a, b in pairwise(words)}


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch([s.encode() for s in shingles(text)])
    return minhash


def band_keys(minhash: MinHash) -> list[tuple[int, str]]:
    values = minhash.hashvalues
    return [
        (band, hashlib.blake2b(values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=16).hexdigest())
        for band in range(BANDS)
    ]


def fingerprint_store(application: Application) -> MinHash:
    """(Re)compute and store the application's signature and band keys."""
    minhash = signature(text_of(application))
    fingerprint, _created = TextFingerprint.objects.update_or_create(
        application=application, defaults={"signature": minhash.hashvalues.astype(np.uint64).tobytes()}
    )
    fingerprint.bands.all().delete()
    LshBand.objects.bulk_create(LshBand(fingerprint=fingerprint, band=b, key=k) for b, k in band_keys(minhash))
    return minhash


def _similarity(a: MinHash, stored: bytes) -> float:
    other = np.frombuffer(bytes(stored), dtype=np.uint64)
    return float(np.count_nonzero(a.hashvalues == other)) / NUM_PERM


def _char_bigrams(text: str) -> set[str]:
    text = PUNCTUATION.sub("", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def overlapping_passages(text_a: str, text_b: str, limit: int = 5) -> list[dict]:
    """The most similar sentence pairs of two texts (character-bigram Jaccard ≥ 0.5)."""
    pairs = []
    sentences_b = [(s.strip(), _char_bigrams(s)) for s in SENTENCE_SPLIT.split(text_b) if len(s.strip()) >= 8]
    for sentence in SENTENCE_SPLIT.split(text_a):
        sentence = sentence.strip()
        grams = _char_bigrams(sentence)
        if len(sentence) < 8 or not grams:
            continue
        best = max(
            ((len(grams & g) / len(grams | g), s) for s, g in sentences_b if g), default=(0.0, ""), key=lambda x: x[0]
        )
        if best[0] >= 0.5:
            pairs.append({"ours": sentence, "theirs": best[1], "similarity": round(best[0], 2)})
    return sorted(pairs, key=lambda p: -p["similarity"])[:limit]


def duplicate_check(application: Application) -> DuplicateReport:
    """Check one application against every other application (of all calls) that is not a draft."""
    minhash = fingerprint_store(application)
    keys = band_keys(minhash)
    candidate_ids = set()
    for band, key in keys:
        candidate_ids.update(
            LshBand.objects.filter(band=band, key=key)
            .exclude(fingerprint__application=application)
            .values_list("fingerprint__application_id", flat=True)
        )
    candidates = (
        Application.objects.filter(pk__in=candidate_ids)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("fingerprint", "call", "unit")
    )
    own_text = text_of(application)
    matches = []
    for other in candidates:
        score = _similarity(minhash, other.fingerprint.signature)
        if score >= REPORT_THRESHOLD:
            matches.append(
                {
                    "application": other.pk,
                    "title": other.title,
                    "call": other.call.title,
                    "unit": other.unit.name,
                    "similarity": round(score, 2),
                    "passages": overlapping_passages(own_text, text_of(other)),
                }
            )
    matches.sort(key=lambda m: -m["similarity"])
    corpus = TextFingerprint.objects.exclude(application=application).count()
    return DuplicateReport.objects.create(application=application, corpus_size=corpus, matches=matches[:20])
