"""Readers: turn files into :class:`rasd.document.Document` objects (and :class:`Skip` records
for inputs that cannot be read).

::

    for item in read_paths(["news/", "feed.xml", "-"], published="2024-05-01"):
        if isinstance(item, Skip):
            print(item)            # "E102 news/logo.png: binary file (…), not text"
        else:
            store.add(item)

Formats (sniffed by content first, extension second — see :mod:`.detect`): plain text
(UTF-8, UTF-8 with BOM, UTF-16 LE/BE with or without BOM, Windows-1256), HTML (trafilatura),
RSS/Atom (feedparser), WARC/WARC.gz (warcio, HTML responses), JSONL and JSON arrays,
TREC/ANT ``<DOC>`` files, and archives (tar, tar.gz, tar.xz, tar.bz2, zip, single .gz/.xz/.bz2
files) read as streams without extracting to disk.

Text is kept exactly as the reader extracted it, with two exceptions made everywhere: a leading
byte-order mark is removed and CRLF line ends become LF. Language is not decided here (the
pipeline's ``language`` stage does it). Full reference: ``docs/ingest.md``.
"""

from .common import Skip
from .detect import sniff
from .reader import read_bytes, read_paths

__all__ = ["read_paths", "read_bytes", "Skip", "sniff"]
