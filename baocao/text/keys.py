"""Names typed by people, made into the names a template uses: ``Tàu bay`` → ``tau_bay``."""
from __future__ import annotations

import re
import unicodedata

_NOT_NAME = re.compile(r"[^a-z0-9]+")


def name_key(text: str) -> str:
    """Lower-case ASCII with ``_`` between words: a key typed with diacritics, capitals or spaces still matches
    the name in the template (``Tàu bay``, ``tau bay`` and ``tau_bay`` are one key)."""
    plain = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return _NOT_NAME.sub("_", plain).strip("_")
