"""A big feed in bounded memory: the items of a well-formed RSS/Atom/RDF feed, a chunk at a time, each chunk written
as a small feed of its own (the feed's own declaration, root and channel/head elements around a few hundred items)
for feedparser to read, so that neither the XML tree nor feedparser's parsed feed ever holds the whole feed.

The XML is read by lxml's pull parser, safely: no DTD loaded, no entity resolved, no network, lxml's size limits on.
Only feeds it reads exactly are streamed: well-formed, UTF-8 (declared or not), without a DOCTYPE, with a small
head; anything else (`chunks` returns None) is read whole by feedparser, as every feed was before.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

# The elements feedparser makes an entry of: RSS 0.9x/2.0 (no namespace), RSS 1.0 and 0.90 (RDF), Atom 1.0 and 0.3.
ITEM_TAGS = frozenset({
    "item", "entry", "{http://purl.org/rss/1.0/}item", "{http://my.netscape.com/rdf/simple/0.9/}item",
    "{http://www.w3.org/2005/Atom}entry", "{http://purl.org/atom/ns#}entry",
})  # fmt: skip
ITEM_DEPTH = 3  # rss/channel/item, feed/entry, rdf:RDF/item; an item element deeper: the feed is read whole
MAX_HEAD_CHARS = 64 * 1024  # the feed without its items, written around every chunk: a channel head is a few KB
MAX_HEAD_ELEMENTS = 2_000  # elements outside the items: more, and the feed is read whole (said early, not at the end)
PIECE_CHARS = 1 << 20  # the text is handed to the XML parser a megabyte at a time
_DECLARATION = re.compile(r"<\?xml\s[^>]*\?>")
_ENCODING = re.compile(r"""\bencoding\s*=\s*["']([^"']*)["']""")
_FIRST_ELEMENT = re.compile(r"<[A-Za-z_:]")


class NotStreamable(Exception):
    """The feed is not one the streaming reader reads exactly; it is read whole instead."""


def _prolog(raw: str) -> str | None:
    """The XML declaration to write before every chunk ('' when there is none); None when the feed has a DOCTYPE
    (entities: feedparser's own handling stands) or declares an encoding other than UTF-8."""
    first = _FIRST_ELEMENT.search(raw)
    if first is None:
        return None
    prolog = raw[: first.start()]
    if "<!doctype" in prolog.lower():
        return None
    decl = _DECLARATION.match(prolog)
    if decl is None:
        return "" if "<?xml " not in prolog else None
    enc = _ENCODING.search(decl.group(0))
    if enc and enc.group(1).lower().replace("-", "").replace("_", "") != "utf8":
        return None
    return decl.group(0)


def _events(raw: str) -> Iterator[tuple[str, object, int]]:
    """(event, element, depth) for every start and end tag, the text parsed a piece at a time by a safe parser."""
    from lxml import etree

    parser = etree.XMLPullParser(
        events=("start", "end"), resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
        dtd_validation=False,
    )  # fmt: skip
    depth = 0
    for at in range(0, len(raw) + PIECE_CHARS, PIECE_CHARS):  # the last piece is empty: the end
        piece = raw[at : at + PIECE_CHARS]
        if piece:
            parser.feed(piece.encode("utf-8"))
        else:
            parser.close()  # a document cut off raises here
        for event, el in parser.read_events():
            if event == "start":
                depth += 1
            yield event, el, depth
            if event == "end":
                depth -= 1


def _item_ends(raw: str) -> Iterator:
    """Every item of the feed as it ends (its whole subtree parsed). NotStreamable when an item element stands
    anywhere else (in another item, deeper in the channel: feedparser makes an entry of any), or when the feed
    holds more than MAX_HEAD_ELEMENTS elements besides its items (they are repeated in every chunk)."""
    item_depth = head = 0  # depth of the item being read (0: between items); elements outside items
    for event, el, depth in _events(raw):
        if event == "start":
            if isinstance(el.tag, str) and el.tag in ITEM_TAGS:
                if item_depth or depth > ITEM_DEPTH:
                    raise NotStreamable("an item inside an item, or deep in the feed")
                item_depth = depth
        elif depth == item_depth:
            item_depth = 0
            yield el
        elif not item_depth:
            head += 1
            if head > MAX_HEAD_ELEMENTS:
                raise NotStreamable("too many elements besides the items")


def _frame(raw: str) -> tuple[str, str, int]:
    """The feed written without its items, split where the items stood: (before, after, number of items)."""
    from lxml import etree

    holder = None
    at = count = 0
    for el in _item_ends(raw):
        parent = el.getparent()
        if parent is None:
            raise NotStreamable("the document is one item")
        if holder is None:
            holder, at = parent, parent.index(el)
        elif parent is not holder:
            raise NotStreamable("items under more than one element")
        parent.remove(el)
        count += 1
    if holder is None:
        raise NotStreamable("no items")
    marker = f"conflictmap-items-{uuid.uuid4().hex}"
    holder.insert(at, etree.Comment(marker))
    text = etree.tostring(holder.getroottree().getroot(), encoding="unicode")
    parts = text.split(f"<!--{marker}-->")
    if len(parts) != 2 or len(text) > MAX_HEAD_CHARS:
        raise NotStreamable("the feed's head is too large to repeat around every chunk")
    return parts[0], parts[1], count


def chunks(raw: str, per_chunk: int) -> Iterator[tuple[str, int]] | None:
    """The feed as a series of small feeds of at most `per_chunk` items each, and the number of items in each; None
    when the feed cannot be streamed exactly (not well-formed XML, a DTD, another encoding, items in odd places)."""
    from lxml import etree

    decl = _prolog(raw)
    if decl is None:
        return None
    try:
        before, after, _ = _frame(raw)
    except (etree.LxmlError, NotStreamable, UnicodeEncodeError, ValueError):
        return None
    return _items(raw, decl + before, after, max(1, per_chunk))


def _items(raw: str, before: str, after: str, per_chunk: int) -> Iterator[tuple[str, int]]:
    """The second pass: every item serialised as it ends and dropped from the tree, written out per_chunk at once."""
    from lxml import etree

    batch: list[str] = []
    try:
        for el in _item_ends(raw):
            batch.append(etree.tostring(el, encoding="unicode", with_tail=False))
            el.getparent().remove(el)
            if len(batch) == per_chunk:
                yield before + "\n".join(batch) + after, len(batch)
                batch = []
    except (etree.LxmlError, UnicodeEncodeError, ValueError) as exc:  # read once already: not expected
        raise NotStreamable(str(exc)) from exc
    if batch:
        yield before + "\n".join(batch) + after, len(batch)
