"""Text files as Windows saves them: UTF-8 with or without a byte-order mark, UTF-16 (Notepad's "Unicode"), or
the Vietnamese ANSI code page (cp1258, Notepad's and Excel's "ANSI" on a Vietnamese Windows).

cp1258 writes most accented letters as a base letter and a combining tone mark, so the text is composed (NFC)
after decoding. A file that is UTF-8 but for a few broken bytes is not guessed at: :class:`Undecodable` says on
which line the first broken byte is.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

# A well-formed UTF-8 sequence of two or more bytes: Vietnamese in cp1258 almost never contains one.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class Undecodable(ValueError):
    """The bytes are neither UTF-8 nor cp1258; ``line`` is where the first bad byte is (1-based)."""

    def __init__(self, line: int):
        super().__init__(f"line {line}")
        self.line = line


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in (``utf-8``, ``utf-16``, ``cp1258``)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise Undecodable(data[:exc.start].decode("utf-16", "replace").count("\n") + 1) from exc
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        if _UTF8_SEQUENCE.search(data):
            raise Undecodable(line) from exc
        try:
            return unicodedata.normalize("NFC", data.decode("cp1258")), "cp1258"
        except UnicodeDecodeError as cp_exc:
            raise Undecodable(data[:cp_exc.start].count(b"\n") + 1) from cp_exc
