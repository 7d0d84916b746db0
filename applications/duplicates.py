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
from django.db.models import Q

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


def tokenizer_warm_up() -> None:
    """Load jieba's dictionary now rather than at the first check (forked workers inherit it)."""
    _jieba().initialize()


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


def _candidate_scores(application: Application, minhash: MinHash) -> dict[int, float]:
    """Similarity of every non-draft application sharing a band key with ``minhash``, in one query.

    Only the stored signatures travel (no texts, no model instances); the band keys are matched by
    one OR of (band, key) pairs on the (band, key) index inside a subquery, so no list of candidate
    ids is sent back as query parameters however many candidates there are.
    """
    shared = Q()
    for band, key in band_keys(minhash):
        shared |= Q(band=band, key=key)
    rows = list(
        TextFingerprint.objects.filter(pk__in=LshBand.objects.filter(shared).values("fingerprint_id"))
        .exclude(application=application)
        .exclude(application__status=ApplicationStatus.DRAFT)
        .values_list("application_id", "signature")
    )
    if not rows:
        return {}
    ids, signatures = zip(*rows, strict=True)
    stored = np.frombuffer(b"".join(bytes(s) for s in signatures), dtype=np.uint64).reshape(len(rows), NUM_PERM)
    equal = np.count_nonzero(stored == minhash.hashvalues.astype(np.uint64), axis=1)
    return {pk: float(n) / NUM_PERM for pk, n in zip(ids, equal.tolist(), strict=True)}


def duplicate_check(application: Application) -> DuplicateReport:
    """Check one application against every other application (of all calls) that is not a draft."""
    minhash = fingerprint_store(application)
    scores = {pk: score for pk, score in _candidate_scores(application, minhash).items() if score >= REPORT_THRESHOLD}
    own_text = text_of(application)
    matches = [
        {
            "application": other.pk,
            "title": other.title,
            "call": other.call.title,
            "unit": other.unit.name,
            "similarity": round(scores[other.pk], 2),
            "passages": overlapping_passages(own_text, text_of(other)),
        }
        for other in Application.objects.filter(pk__in=scores).select_related("call", "unit")
    ]
    matches.sort(key=lambda m: -m["similarity"])
    corpus = TextFingerprint.objects.exclude(application=application).count()
    return DuplicateReport.objects.create(application=application, corpus_size=corpus, matches=matches[:20])
