"""Sampling: a bounded part of a story too large to validate whole.

pyshacl checks about 8,000 statements a second, so one very long article (a
300,000-statement story from 1 MB of text) would cost its build a minute. Such a
story is checked on the statements of a deterministic sample of its subjects,
with the types of the nodes they point to, so that shapes asking an object's
class can see it; only the sampled subjects are validated.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

_TYPE = " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "


def subject_sample(triples: list[str], limit: int) -> tuple[list[str], list[str]]:
    """About `limit` of the N-Triples lines (subjects taken in hash order, each with all
    its statements), plus the type statements of their objects; and the sampled subjects.
    """
    by_subject: dict[str, list[str]] = defaultdict(list)
    for line in triples:
        by_subject[line.partition(" ")[0]].append(line)
    subjects: list[str] = []
    sample: list[str] = []
    for subject in sorted(by_subject, key=lambda s: hashlib.sha1(s.encode()).digest()):
        if len(sample) >= limit:
            break
        subjects.append(subject)
        sample += by_subject[subject]
    objects = {line[:-2].split(" ", 2)[2] for line in sample}
    types = [line for o in sorted(objects) if o.startswith("<")
             for line in by_subject.get(o, ()) if _TYPE in line]
    return sample + types, subjects
