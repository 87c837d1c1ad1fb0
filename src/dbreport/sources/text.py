"""Plain-text documents: text extracted from a PDF, or pasted from a web page."""

from __future__ import annotations

import codecs
from pathlib import Path

from dbreport.errors import UnreadableSource
from dbreport.sources import Document, Line, document_date
from dbreport.sources.legacy import detect, from_tcvn3, vni_message
from dbreport.textnorm import nfc


def decode(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse anything else."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableSource(
                f"{path} starts like UTF-16 text but cannot be decoded."
            ) from exc
    if b"\x00" in data[:8192]:
        raise UnreadableSource(f"{path} is a binary file, not a text or PDF document.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableSource(
            f"{path} is not UTF-8 text (undecodable bytes at line {line}); "
            "save it as UTF-8 and try again."
        ) from exc


def load_text(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableSource(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if not data.strip():
        raise UnreadableSource(f"{path} is empty.")
    text = nfc(decode(data, path))
    legacy = detect(text)
    if legacy == "vni":
        raise UnreadableSource(vni_message(path))
    if legacy == "tcvn3":
        text = nfc(from_tcvn3(text))
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [Line(no=i, text=t.rstrip("\n")) for i, t in enumerate(raw_lines, start=1)]
    meta = {"encoding": "TCVN3"} if legacy == "tcvn3" else {}
    return Document(path=path, lines=lines, date=document_date(path, raw_lines[0]), meta=meta)
