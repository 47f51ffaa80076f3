"""Make a large synthetic corpus from the five seed articles, without the network.

Each article takes one seed's page layout (header and footer furniture) and story,
drops some of its paragraphs, mixes in paragraphs from the other seeds, and recasts
it with invented councils, places, care boards, people, outlets and sums; years move
by a multiple of 28 so every stated weekday stays true. A few articles are planted
copies of an earlier one in another layout, as syndicated stories are, so
near-duplicate detection has real work without collapsing the corpus.

Article `i` depends only on (seed, i): the first 1,000 articles of a 10,000
corpus are the 1,000 corpus, and article N is a fresh article for an N-article one.

Usage: .venv/bin/python bench/make_corpus.py N OUT_DIR [--seed S] [--copy-rate 0.03]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.cleaning import clean_text  # noqa: E402
from kg.metadata import read_metadata  # noqa: E402

SEEDS = ROOT / "seeds"
#: Share of articles that are another article's story in a different layout (default).
COPY_RATE = 0.03
MIN_WORDS, MAX_WORDS = 300, 600
#: Share of an article's body taken from its layout seed's own story.
OWN_SHARE = (0.3, 0.55)

_STEMS = ("Ash", "Bram", "Carr", "Dun", "Elm", "Fen", "Gar", "Hol", "Kel", "Lang", "Mar",
          "Nor", "Oak", "Pen", "Rad", "Sel", "Thorn", "Wex", "Whit", "Yar", "Brack", "Cold",
          "Hart", "Lyn", "Ross", "Stan", "Tam", "Wend", "Bex", "Chal")
_ENDS = ("shire", "ford", "wick", "dale", "mere", "ton", "field", "ley", "borough", "land",
         "stead", "moor", "bury", "ham", "worth", "combe")
_POINTS = ("North", "South", "East", "West", "North East", "South West", "Mid", "Central")
_OUTLET_ENDS = ("Star", "Gazette", "Echo", "Mercury", "Chronicle", "Herald", "Advertiser",
                "Journal", "Times", "Post", "Argus", "Courier", "Examiner", "Sentinel")
_MEN = ("Gordon", "Jack", "David", "Mark", "Paul", "Simon", "Andrew", "Richard", "Tom", "Imran",
        "Kwame", "Rhys", "Owen", "Declan", "Neil", "Graham", "Ravi", "Stephen")
_WOMEN = ("Penny", "Sarah", "Helen", "Claire", "Priya", "Joanne", "Fiona", "Rachel", "Amira",
          "Gillian", "Nicola", "Bethan", "Aisha", "Louise", "Karen", "Mairead", "Tessa")
_SURNAMES = ("Jones", "Otton", "Abbott", "Smedmor", "Hartley", "Okafor", "Pritchard", "Lowe",
             "Mensah", "Doyle", "Fairbairn", "Kaur", "Whitlock", "Bramwell", "Castell", "Ng",
             "Ferris", "Holloway", "Iqbal", "Marsden", "Quigley", "Rowntree", "Strachan",
             "Tennant", "Varley", "Wadsworth", "Yeo", "Ashdown", "Booth", "Cartwright")
#: Seed people: full name, how later text refers to them, and their title.
_PEOPLE = (("Gordon Jones", "Mr Jones", "Mr"), ("Penny Otton", None, "Ms"),
           ("Jack Abbott", None, "Mr"), ("Sarah-Jane Smedmor", None, "Ms"))
#: Phrasings a reporter varies; each occurrence picks one.
_VARIANTS = (
    ("it has been revealed", "it has emerged", "it can be revealed", "it was confirmed"),
    ("failing", "struggling", "troubled"),
    ("floundering", "struggling", "beleaguered"),
    ("ailing", "troubled", "criticised"),
    ("under-fire", "troubled", "much-criticised"),
    ("senior leaders", "senior officials", "senior managers"),
    ("in the coming weeks", "within weeks", "in the next few weeks"),
    ("a raft of", "a range of", "a number of"),
    ("is set to", "is due to", "is expected to"),
    ("are set to", "are due to", "are expected to"),
    ("special educational needs and disability", "special educational needs and disabilities"),
    ("local area partnership", "area partnership", "local partnership"),
    ("improve", "strengthen", "improve"),
    ("urgent", "pressing", "urgent"),
    ("the report said", "the report stated", "the report found"),
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_LIST_ITEM = re.compile(r"\s*\d+\.\s")
_MONEY = re.compile(r"£\d+(?:\.\d+)?(?:million|m)\b")


@dataclass(frozen=True)
class Seed:
    """One seed page cut into furniture around a list of body paragraphs."""

    name: str
    story: str
    title: str | None
    header: tuple[str, ...]
    body: tuple[str, ...]
    footer: tuple[str, ...]


@cache
def seeds() -> tuple[Seed, ...]:
    """The seeds, with body lines told from furniture by the builder's own cleaner."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        title = read_metadata(raw).title
        kept = {line.strip() for line in clean_text(raw).text.splitlines() if line.strip()}
        lines = [line for line in raw.splitlines() if line.strip()]
        body_at = [i for i, line in enumerate(lines)
                   if line.strip() in kept and line.strip() != title]
        first, last = body_at[0], body_at[-1]
        story = hashlib.sha1(lines[first].encode()).hexdigest()  # the two copies share a lead
        out.append(Seed(path.stem, story, title, tuple(lines[:first]),
                        tuple(lines[first : last + 1]), tuple(lines[last + 1 :])))
    return tuple(out)


def _place(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(_STEMS) + rng.choice(_ENDS)
        if name not in taken:
            taken.add(name)
            return name


def _person(rng: random.Random, title: str, taken: set[str]) -> tuple[str, str]:
    """A first name that fits the title and a surname no one else in the article has."""
    first = rng.choice(_MEN if title == "Mr" else _WOMEN)
    if rng.random() < 0.15:
        first = f"{first}-{rng.choice(_WOMEN if title == 'Ms' else _MEN)}"
    last = rng.choice([n for n in _SURNAMES if n not in taken])
    taken.add(last)
    return first, last


def cast(rng: random.Random) -> dict[str, str]:
    """Seed name -> invented name, one consistent set per article."""
    taken: set[str] = set()
    county = _place(rng, taken)
    point = rng.choice(_POINTS)
    neighbour = f"{point} {_place(rng, taken)}"
    initials = "".join(w[0] for w in f"{county} {neighbour}".split())
    names = {
        "Suffolk": county,
        "North East Essex": neighbour,
        "SNEE": initials,
        "Norfolk and Waveney": f"{_place(rng, taken)} and {_place(rng, taken)}",
        "Bury St Edmunds": _place(rng, taken),
        "Ipswich Star": f"{_place(rng, taken)} {rng.choice(_OUTLET_ENDS)}",
        "Parent Carer Network": rng.choice(("Parent Carer Network", "Parent Carer Forum")),
    }
    for full, short, title in _PEOPLE:
        if rng.random() < 0.5:
            title = "Ms" if title == "Mr" else "Mr"
        first, last = _person(rng, title, taken)
        names[full] = f"{first} {last}"
        if short:
            names[short] = f"{title} {last}"
    return names


def _money(rng: random.Random, found: str) -> str:
    if found.endswith("million"):
        return f"£{rng.randint(1, 9)}million"
    return f"£{rng.randint(1, 40) / 2:g}m"


@cache
def _swappable() -> re.Pattern[str]:
    """Every seed name and varied phrasing, longest first so names nest correctly."""
    keys = sorted([*cast(random.Random(0)), *(v[0] for v in _VARIANTS)], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, keys)) + r")\b")


def recast(text: str, names: dict[str, str], shift: int, rng: random.Random) -> str:
    """The text with the article's cast, its years shifted and its phrasing varied."""
    variants = {v[0]: v for v in _VARIANTS}

    def swap(m: re.Match[str]) -> str:
        word = m.group()
        return names[word] if word in names else rng.choice(variants[word])

    text = _swappable().sub(swap, text)
    text = _YEAR.sub(lambda m: str(int(m.group()) + shift), text)
    return _MONEY.sub(lambda m: _money(rng, m.group()), text)


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def story(rng: random.Random, layout: Seed) -> list[str]:
    """The layout's lead, some of its paragraphs and others': 300-600 words of story.

    The layout's own paragraphs fill only part of the length, so two articles in
    one layout share too little text to read as one story.
    """
    target = rng.randint(MIN_WORDS + 20, MAX_WORDS - 60)
    own_budget = target * rng.uniform(*OWN_SHARE)
    own = [layout.body[0]]
    for paragraph in rng.sample(layout.body[1:], len(layout.body) - 1):
        if _words(own) + len(paragraph.split()) <= own_budget:
            own.append(paragraph)
    own.sort(key=layout.body.index)
    others = sorted({p for s in seeds() if s.story != layout.story for p in s.body
                     if len(p.split()) >= 12 and not _LIST_ITEM.match(p)})
    rng.shuffle(others)
    while others and _words(own) < target:
        own.insert(rng.randint(1, len(own)), others.pop())
    return own


def _article_rng(seed: int, i: int, part: str) -> random.Random:
    return random.Random(f"{seed}:{i}:{part}")


def source_of(i: int, seed: int = 0, copy_rate: float = COPY_RATE) -> int:
    """The article whose story article `i` tells: itself, or an earlier one it copies."""
    pick = _article_rng(seed, i, "copy")
    if i > 0 and pick.random() < copy_rate:
        return max(0, i - pick.randint(1, 50))
    return i


def make_article(i: int, seed: int = 0, copy_rate: float = COPY_RATE) -> tuple[str, str]:
    """(file name, text) of article `i`.

    A copy keeps the headline and body of its source but sits in another site's
    furniture, as a syndicated story does.
    """
    source = source_of(i, seed, copy_rate)
    rng = _article_rng(seed, source, "story")
    layout = rng.choice(seeds())
    names = cast(rng)
    shift = 28 * rng.choice((-1, 0, 1))
    parts = [*layout.header, *story(rng, layout), *layout.footer]
    if source != i:
        other = _article_rng(seed, i, "layout").choice([s for s in seeds() if s is not layout])
        title = [layout.title] if layout.title else []
        parts = [*title, *parts[len(layout.header) : len(parts) - len(layout.footer)],
                 *other.footer]
    text = recast("\n\n".join(parts), names, shift, _article_rng(seed, source, "words"))
    digest = hashlib.sha1(f"{seed}:{i}".encode()).hexdigest()[:12]
    return f"{i:06d}_{digest}.txt", text + "\n"


def make_corpus(n: int, out_dir: Path, seed: int = 0, copy_rate: float = COPY_RATE) -> int:
    """Write articles 0..n-1 into `out_dir`; returns the number of planted copies."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        name, text = make_article(i, seed, copy_rate)
        (out_dir / name).write_text(text, encoding="utf-8")
    return sum(source_of(i, seed, copy_rate) != i for i in range(n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copy-rate", type=float, default=COPY_RATE,
                        help="share of articles that copy an earlier story")
    args = parser.parse_args()
    copies = make_corpus(args.n, args.out_dir, args.seed, args.copy_rate)
    print(f"wrote {args.n} articles ({copies} planted copies of earlier stories) "
          f"to {args.out_dir}")


if __name__ == "__main__":
    main()
