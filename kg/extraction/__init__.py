"""Extraction: the extractors that turn one article into facts, and what they share.

`context.Context` is what every extractor reads (the article, its sentences,
its resolved actors, the parse of any sentence); `registry` lists the
extractors and runs them over an article. Each extractor is one module here.
"""
