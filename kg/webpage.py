"""Web pages: the main text of a saved page, however deeply its elements nest.

trafilatura finds the story among a page's navigation and rails, but it reads
the tree libxml2 builds, and libxml2 stops nesting at 256 elements unless told
otherwise: everything deeper was dropped without a word, leaving a page of
unclosed tags with only its headline. Pages are therefore parsed with
libxml2's huge-tree option and handed to trafilatura as a tree.

trafilatura walks the tree recursively (lists nested 1,000 elements deep
overflow Python's stack), its cost grows fast with depth (tables nested 2,000
elements deep take 15 s), and libxml2 stops even a huge tree at 2,048. A page
nested deeper than `settings.HTML_MAX_DEPTH` is therefore read whole by a flat
tokenizer that has no depth: every text in document order, block elements as
line breaks, scripts and styles left out. Its navigation and rails then stay in the
text for `kg.cleaning` to remove what it recognises: a noisier article, but
no lost one.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.html
from lxml import etree

from kg import settings

#: Elements whose content is not text a reader sees.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "math"})
#: Elements that start a new line of text.
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr", "ul",
})


@dataclass(frozen=True)
class WebPage:
    """A page's main text, headline first, and the outlet its metadata names."""

    text: str
    outlet: str | None = None


def html_main_text(html: str) -> WebPage:
    """Main text of a web page, headline first (all its text if it nests too deep), and
    the site it names for itself (`og:site_name`, `application-name`, a publisher)."""
    import trafilatura

    parser = lxml.html.HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False,
                                  remove_comments=True, remove_pis=True, encoding="utf-8")
    try:
        tree = lxml.html.fromstring(html.encode("utf-8"), parser=parser)
    except etree.ParserError:  # "Document is empty": only comments or instructions
        return WebPage("")
    truncated = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    if truncated or depth(tree) > settings.HTML_MAX_DEPTH:
        return WebPage(all_text(html), _site_name(tree))
    try:
        extracted = trafilatura.bare_extraction(tree, include_comments=False,
                                                with_metadata=True)
    except RecursionError:  # the cap leaves room on the stack, unless the caller used it
        return WebPage(all_text(html), _site_name(tree))
    if extracted is None:
        return WebPage("", _site_name(tree))
    title = getattr(extracted, "title", None)
    date = getattr(extracted, "date", None)
    body = getattr(extracted, "text", None) or ""
    head = [line for line in (title, f"Published: {date}" if date else None) if line]
    site = getattr(extracted, "sitename", None) or _site_name(tree)
    return WebPage("\n\n".join([*head, body]), " ".join(site.split()) if site else None)


def _site_name(tree: etree._Element) -> str | None:
    names = tree.xpath('//meta[@property="og:site_name" or @name="application-name"]/@content')
    return next((" ".join(n.split()) for n in names if n.strip()), None)


def depth(tree: etree._Element) -> int:
    """How many elements deep the tree nests, counted without recursion."""
    level = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        level += 1 if event == "start" else -1
        deepest = max(deepest, level)
    return deepest


class _AllText(HTMLParser):
    """Collects a page's visible text; a tokenizer, so nesting costs it nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def all_text(html: str) -> str:
    """Every text of a page in document order, one block element per line."""
    reader = _AllText()
    reader.feed(html)
    reader.close()
    return "".join(reader.parts)
