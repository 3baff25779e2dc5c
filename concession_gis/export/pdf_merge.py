"""Joining PDFs that matplotlib wrote into one, their pages in order.

The atlas draws its case pages in several processes, each writing its own PDF; this puts them
together without a PDF library: every object of every part is copied with its number moved past
those of the parts before it (references ``n 0 R`` outside streams renumbered alike), the parts'
page trees are replaced by one, and a new cross-reference table is written. Streams (page
contents, embedded fonts, images) are copied byte for byte. Each part keeps its own font
subsets, so a page's text is exactly what its part wrote. Only files as matplotlib writes them
are read: one classic cross-reference table, uncompressed object dictionaries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

_REFERENCE = re.compile(rb"(?<![0-9])(\d+)(\s+)0(\s+)R(?![A-Za-z])")


def merge_pdfs(parts: Sequence[str | Path], out: str | Path) -> int:
    """Write the pages of ``parts``, in order, to ``out`` (document info from the first part);
    the number of pages."""
    objects: list[bytes] = [b"", b""]  # 1: the catalog, 2: the page tree, written last
    kids: list[int] = []
    info = None
    for path in parts:
        data = Path(path).read_bytes()
        table = _objects(data)
        trailer = data[data.rindex(b"trailer"):]
        root = _reference(trailer, rb"/Root")
        catalog = table[root]
        tree = _reference(catalog, rb"/Pages")
        skip = {root, tree}
        part_info = _optional_reference(trailer, rb"/Info")
        base = len(objects)  # old number n becomes n + base (the next appended is number len + 1)
        if info is None and part_info is not None:
            info = part_info + base
        elif part_info is not None:
            skip.add(part_info)
        pages = [int(n) for n in re.findall(rb"(\d+)\s+0\s+R", _value(table[tree], rb"/Kids"))]
        kids += [n + base for n in pages]
        for number in range(1, max(table) + 1):
            body = table.get(number)
            if body is None or number in skip:
                body = b"null"  # keeps the numbering dense; nothing refers to it
            else:
                body = _renumbered(body, base)
                if number in pages:
                    body = re.sub(rb"/Parent\s+\d+\s+0\s+R", b"/Parent 2 0 R", body, count=1)
            objects.append(body)
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = (b"<< /Type /Pages /Kids [ " + b" ".join(b"%d 0 R" % k for k in kids)
                  + b" ] /Count %d >>" % len(kids))
    Path(out).write_bytes(_file(objects, info))
    return len(kids)


def _objects(data: bytes) -> dict[int, bytes]:
    """Object number -> what lies between ``n 0 obj`` and ``endobj``, found through the table."""
    table = {}
    for number, offset in enumerate(object_offsets(data)):
        if not offset:
            continue
        opened = re.match(rb"%d\s+0\s+obj\b" % number, data[offset:])
        if opened is None:
            raise ValueError(f"object {number} is not where the table says")
        begin = offset + opened.end()
        table[number] = data[begin:_end_of_object(data, begin)].strip()
    return table


def cross_references(data: bytes) -> tuple[int, re.Match[bytes]]:
    """Where the cross-reference table starts in ``data``, and its header (``xref`` / ``0 N``)."""
    xref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    header = re.match(rb"xref\s+0\s+(\d+)\s*?\n", data[xref:])
    if header is None:
        raise ValueError("no cross-reference table found")
    return xref, header


def object_offsets(data: bytes) -> list[int]:
    """Each object's offset in ``data`` by its number, as the cross-reference table gives it
    (0 for a free entry, object 0 among them)."""
    xref, header = cross_references(data)
    table = xref + header.end()
    entries = (data[table + 20 * k:table + 20 * k + 20] for k in range(int(header.group(1))))
    return [int(entry[:10]) if entry[17:18] == b"n" else 0 for entry in entries]


def _end_of_object(data: bytes, begin: int) -> int:
    """Where the object that starts at ``begin`` ends (``endobj``), stepping over its stream,
    whose bytes may hold anything."""
    stream = re.compile(rb"stream\r?\n").search(data, begin)
    end = data.index(b"endobj", begin)
    if stream is not None and stream.start() < end:
        end = data.index(b"endobj", data.index(b"endstream", stream.end()))
    return end


def _renumbered(body: bytes, base: int) -> bytes:
    """``body`` with each reference moved by ``base``, in its dictionary only, never in its stream."""
    split = re.search(rb"stream\r?\n", body)
    head, tail = (body[:split.start()], body[split.start():]) if split else (body, b"")
    head = _REFERENCE.sub(lambda m: b"%d%s0%sR" % (int(m.group(1)) + base, m.group(2), m.group(3)), head)
    return head + tail


def _reference(text: bytes, key: bytes) -> int:
    found = _optional_reference(text, key)
    if found is None:
        raise ValueError(f"no {key.decode()} found")
    return found


def _optional_reference(text: bytes, key: bytes) -> int | None:
    found = re.search(re.escape(key) + rb"\s+(\d+)\s+0\s+R", text)
    return None if found is None else int(found.group(1))


def _value(text: bytes, key: bytes) -> bytes:
    found = re.search(re.escape(key) + rb"\s*\[([^\]]*)\]", text)
    if found is None:
        raise ValueError(f"no {key.decode()} found")
    return found.group(1)


def _file(objects: list[bytes], info: int | None) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xac\xdc \xab\xba\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info is not None:
        out += b" /Info %d 0 R" % info
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
