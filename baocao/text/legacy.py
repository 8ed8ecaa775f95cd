"""Vietnamese typed in legacy 8-bit fonts (TCVN3/ABC, VNI Windows), detected and turned into Unicode.

Some units still type with `.VnTime` (TCVN3) or `VNI-Times` (VNI) fonts. The cell then stores the font's
bytes as Windows-1252/Latin-1 characters: `Hà Nội` arrives as `Hµ Néi` (TCVN3) or `Haø Noäi` (VNI).
python-calamine gives us only the characters, never the font, so the encoding is guessed from the text:
a legacy reading is accepted only when it turns words that are not Vietnamese syllables into words that
are, with enough distinctive evidence, so ordinary Unicode, English, French or German text is left alone.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TCVN3 = "tcvn3"
VNI = "vni"
ENCODINGS = (TCVN3, VNI)

# TCVN3 ("ABC"), the VN3 single-byte subset of TCVN 5712:1993, as used by the `.VnTime` / `.VnArial` fonts
# and by Unikey's "TCVN3 (ABC)" charset. Keys are the bytes seen through Latin-1/Windows-1252 (identical in
# 0xA0-0xFF). VN3 has only lowercase toned letters: capitals with a tone were shown by switching to the
# capital font `.VnTimeH`, which draws the same lowercase byte as a capital, so those bytes decode to
# lowercase here. The only capitals in the table are the seven toneless ones at 0xA1-0xA7.
# Per vowel the byte order of the standard is: huyền, hỏi, ngã, sắc, nặng.
# Cross-checked against glibc iconv TCVN5712-1 (VN1, a superset of VN3) and Unikey's vnconv tables.
TCVN3_TO_UNICODE: dict[str, str] = {
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\xad": "ư", "®": "đ",
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
}

# VNI Windows (the `VNI-Times` font family), lowercase half. A letter is an ASCII base letter followed by
# one Windows-1252 modifier (tone, circumflex+tone or breve+tone), except i-with-tone, ỵ, ơ, ư and đ which
# have a single byte of their own (ơ/ư then take a tone modifier). Modifier order per vowel: sắc, huyền,
# hỏi, ngã, nặng. Source: VNI Software's layout as implemented by Unikey (vnconv DoubleByteTables, VNIWIN)
# and xvnkb (vni.h); both agree. The capital half uses the Latin-1 capital of each byte (`AØ` = À,
# `Ñ` = Đ, `Ô` = Ơ), which `_VNI_SEQUENCES` derives, accepting mixed case as Excel's UPPER/PROPER leave it.
VNI_TO_UNICODE: dict[str, str] = {
    "aù": "á", "aø": "à", "aû": "ả", "aõ": "ã", "aï": "ạ",
    "aâ": "â", "aá": "ấ", "aà": "ầ", "aå": "ẩ", "aã": "ẫ", "aä": "ậ",
    "aê": "ă", "aé": "ắ", "aè": "ằ", "aú": "ẳ", "aü": "ẵ", "aë": "ặ",
    "eù": "é", "eø": "è", "eû": "ẻ", "eõ": "ẽ", "eï": "ẹ",
    "eâ": "ê", "eá": "ế", "eà": "ề", "eå": "ể", "eã": "ễ", "eä": "ệ",
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
    "où": "ó", "oø": "ò", "oû": "ỏ", "oõ": "õ", "oï": "ọ",
    "oâ": "ô", "oá": "ố", "oà": "ồ", "oå": "ổ", "oã": "ỗ", "oä": "ộ",
    "ô": "ơ", "ôù": "ớ", "ôø": "ờ", "ôû": "ở", "ôõ": "ỡ", "ôï": "ợ",
    "uù": "ú", "uø": "ù", "uû": "ủ", "uõ": "ũ", "uï": "ụ",
    "ö": "ư", "öù": "ứ", "öø": "ừ", "öû": "ử", "öõ": "ữ", "öï": "ự",
    "yù": "ý", "yø": "ỳ", "yû": "ỷ", "yõ": "ỹ", "î": "ỵ",
    "ñ": "đ",
}

# Detection thresholds. A reading is accepted when the first four hold and either evidence rule holds.
MIN_AFFECTED_VALID = 0.75     # share of words touched by the reading that become valid syllables
MIN_GAIN = 0.5                # (fixed - broken) / (fixed + broken): words made syllables vs words spoiled
MIN_SYLLABLE_SHARE = 0.6      # share of all (non-abbreviation) words that are syllables after decoding
MIN_LEGACY_CHAR_SHARE = 0.03  # legacy characters per letter: a stray µ in a long English text is not enough
MIN_EVIDENCE = 1.5            # rule 1: summed weight of distinct words the reading turns into syllables
MIN_EVIDENCE_MANY = 1.0       # rule 2: weaker evidence is enough when spread over 2+ distinct words ...
MIN_SYLLABLE_SHARE_MANY = 0.8  # ... and nearly every word of the text is a syllable after decoding

# Word weights. WEAK: one accented Western letter that happens to decode well (`Néi`, `Cã`). DISTINCTIVE: a
# sign starting a word (`µm` could be a unit). STRONG: a sign after a letter (`Hµ`, `Kh«ng`), a capital
# after a lowercase letter (`ViÖt`, `tÕ`), the invisible soft hyphen TCVN3 uses for ư, § or ® as đ, two
# legacy letters in one word, or a VNI base+modifier pair no Western spelling has (`Haø`, `Soá`).
WEAK, DISTINCTIVE, STRONG = 0.5, 1.0, 1.5

# TCVN3 bytes that are punctuation or signs, never letters, in Western European text.
_TCVN3_SIGNS = frozenset("¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾×÷")
_TCVN3_ALWAYS_STRONG = frozenset("\xad§®")
# VNI pairs that also occur in French/Spanish/Portuguese spelling (où, goût, maïs, Raphaël, Raúl, leões);
# French où is a word of its own, so `coù` (có) and `hoùa` (hóa) are still strong.
_WESTERN_PAIRS = frozenset({"où", "oû", "aï", "oï", "aë", "eû", "aú", "eõ"})

# Characters only Unicode Vietnamese uses (Ă Đ Ĩ Ũ Ơ Ư either case, the U+1EA0 block, combining marks):
# a legacy 8-bit font cannot produce them, so their presence means the text is already Unicode.
_UNICODE_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                                 "\u1ea0-\u1ef9\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323]")


def _vni_sequences() -> tuple[dict[str, str], dict[str, str]]:
    """Two-character and one-character VNI sequences in every case combination; result case follows the base."""
    pairs: dict[str, str] = {}
    singles: dict[str, str] = {}
    for seq, letter in VNI_TO_UNICODE.items():
        if len(seq) == 1:
            singles[seq] = letter
            singles[seq.upper()] = letter.upper()
            continue
        base, mod = seq
        for b, out in ((base, letter), (base.upper(), letter.upper())):
            for m in (mod, mod.upper()):
                pairs[b + m] = out
    return pairs, singles


_VNI_PAIRS, _VNI_SINGLES = _vni_sequences()
_VNI_CHARS = frozenset(c for seq in (*_VNI_PAIRS, *_VNI_SINGLES) for c in seq if ord(c) > 127)
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)
_TCVN3_LOWER_ONLY = frozenset(k for k, v in TCVN3_TO_UNICODE.items() if v.islower())
_LEGACY_CHARS = {TCVN3: frozenset(TCVN3_TO_UNICODE), VNI: _VNI_CHARS}


def _words(text: str, encoding: str) -> list[tuple[int, int]]:
    """Spans of words: letters plus the encoding's legacy characters (TCVN3 letters include µ, ¸, «...)."""
    legacy = _LEGACY_CHARS[encoding]
    spans: list[tuple[int, int]] = []
    start = -1
    for i, c in enumerate(text):
        if c.isalpha() or c in legacy:
            if start < 0:
                start = i
        elif start >= 0:
            spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(text)))
    return spans


# --- Vietnamese syllable grammar -------------------------------------------------------------------------
# Used to judge plausibility: a legacy reading must turn non-syllables into syllables.

_OPEN_RHYMES = frozenset({
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi",
    "ưu", "uy", "oa", "oe", "uê", "uơ", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi",
    "ươu", "uya", "uyu",
})
# Nucleus -> allowed finals. `k` only for Central Highlands names forms carry constantly (Đắk Lắk, Đăk Tô).
_CLOSED_RHYMES: dict[str, str] = {
    "a": "c ch k m n ng nh p t", "ă": "c k m n ng p t", "â": "c m n ng p t", "e": "c m n ng p t",
    "ê": "ch m n nh p t", "i": "ch m n nh p t", "o": "c m n ng p t", "ô": "c k m n ng p t",
    "ơ": "m n p t", "u": "c m n ng p t", "ư": "c m n ng t", "iê": "c m n ng p t", "yê": "c m n ng p t",
    "uô": "c m n ng t", "ươ": "c m n ng p t", "oa": "c ch m n ng nh p t", "oă": "c m n ng t",
    "oe": "m n t", "oo": "c ng", "uâ": "n ng t", "uê": "ch nh", "uy": "ch n nh t", "uyê": "n t",
}
_RHYMES = _OPEN_RHYMES | {n + f for n, finals in _CLOSED_RHYMES.items() for f in finals.split()}
_STOP_FINALS = ("c", "ch", "p", "t")  # a syllable closed by a stop takes sắc or nặng, never another tone
_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
             "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyzđ" + "".join(
    unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in ("", "\u0300", "\u0301", "\u0303",
                                                                          "\u0309", "\u0323")))
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_STOP_TONES = {"\u0301", "\u0323"}
_SKELETON = str.maketrans("ăâêôơưđ", "aaeooud")
_SKELETON_RHYMES = frozenset(r.translate(_SKELETON) for r in _RHYMES)


def _fits(initial: str, rhyme: str, rhymes: frozenset[str]) -> bool:
    """Whether initial + rhyme is a spelling Vietnamese allows (c/k, g/gh, ng/ngh, gi, qu)."""
    if not rhyme:
        return False
    first = rhyme[0]
    if initial == "qu":  # qu + the rhyme's medial written u (quốc, quyết) or o (qua = q+oa, quen = q+oen)
        return first != "u" and ("u" + rhyme in rhymes or "o" + rhyme in rhymes
                                 or (first == "i" and rhyme in rhymes))
    if initial == "gi":
        return rhyme in rhymes or "i" + rhyme in rhymes
    if initial == "k" and first not in "ieêy":
        return False
    if initial == "c" and first in "ieêy":
        return False
    if initial in ("gh", "ngh") and first not in "ieê":
        return False
    if initial == "ng" and first in "ieê":
        return False
    if initial == "g" and first in "eê":
        return False
    return rhyme in rhymes


def is_syllable(word: str) -> bool:
    """Whether `word` is a well-formed Vietnamese syllable (one tone at most, stops only with sắc/nặng).

    Only Vietnamese letters, cased as lower, Title or UPPER (a capital inside a word is not Vietnamese).
    A word without diacritics is checked against the toneless skeleton, so `Nguyen` and `thuoc` count.
    """
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    low = word.lower()
    if not set(low) <= _ALPHABET:
        return False
    if low.isascii():
        rhymes: frozenset[str] = _SKELETON_RHYMES
        base, tone = low, None
    else:
        decomposed = unicodedata.normalize("NFD", low)
        tones = [c for c in decomposed if c in _TONES]
        if len(tones) > 1:
            return False
        tone = tones[0] if tones else None
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        rhymes = _RHYMES
    for initial in _INITIALS:
        if base.startswith(initial) and _fits(initial, base[len(initial):], rhymes):
            rhyme = base[len(initial):]
            stop = rhyme.endswith(_STOP_FINALS) or (rhyme.endswith("k") and tone is not None)
            if stop and rhymes is _RHYMES and tone not in _STOP_TONES:
                continue
            return True
    return False


# --- decoding ---------------------------------------------------------------------------------------------

def _has_lowercase(text: str) -> bool:
    """ASCII or TCVN3 toneless lowercase; the toned bytes are lowercase in every font, so they say nothing."""
    return any(("a" <= c <= "z") or c in "¨©ª«¬\xad®" for c in text)


def _all_caps_word(word: str) -> bool:
    """A word typed in the capital font `.VnTimeH`: two or more capitals and no lowercase letter."""
    capitals = sum(1 for c in word if ("A" <= c <= "Z") or c in "¡¢£¤¥¦§")
    return capitals >= 2 and not _has_lowercase(word)


def _decode_tcvn3_line(line: str) -> str:
    spans = _words(line, TCVN3)
    all_caps = not _has_lowercase(line) and any(_all_caps_word(line[a:b]) for a, b in spans)
    out: list[str] = []
    done = 0
    for a, b in spans:
        word = line[a:b]
        decoded = word.translate(_TCVN3_TABLE)
        out.append(line[done:a].translate(_TCVN3_TABLE))
        out.append(decoded.upper() if all_caps or _all_caps_word(word) else decoded)
        done = b
    out.append(line[done:].translate(_TCVN3_TABLE))
    return "".join(out)


def _decode_tcvn3(text: str) -> str:
    """Byte table, then capitals restored where the `.VnTimeH` font must have been used.

    Toned letters have lowercase bytes only, so `HéI` is HỘI typed in the capital font. A line with no
    lowercase letter and at least one such all-caps word is taken as all capitals (`TRUNG T¢M Y TÕ`).
    """
    return "".join(_decode_tcvn3_line(line) for line in text.splitlines(keepends=True))


def _vni_units(text: str) -> list[tuple[int, str]]:
    """Greedy left-to-right VNI segmentation: (position, sequence) of every legacy pair or single letter."""
    units: list[tuple[int, str]] = []
    i, n = 0, len(text)
    while i < n:
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in _VNI_PAIRS:
            units.append((i, pair))
            i += 2
            continue
        if text[i] in _VNI_SINGLES:
            units.append((i, text[i]))
        i += 1
    return units


def _decode_vni(text: str) -> str:
    """Each pair or single legacy letter replaced by its Unicode letter; everything else kept."""
    out: list[str] = []
    done = 0
    for i, seq in _vni_units(text):
        out.append(text[done:i])
        out.append(_VNI_PAIRS[seq] if len(seq) == 2 else _VNI_SINGLES[seq])
        done = i + len(seq)
    out.append(text[done:])
    return "".join(out)


def decode(text: str, encoding: str) -> str:
    """`text` read as `encoding` ("tcvn3" or "vni"), NFC. For callers who know the font; no detection."""
    if encoding == TCVN3:
        decoded = _decode_tcvn3(text)
    elif encoding == VNI:
        decoded = _decode_vni(text)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}")
    return unicodedata.normalize("NFC", decoded)


# --- detection --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Assessment:
    """How well one legacy reading explains the text; `accepted` when the thresholds hold."""

    encoding: str
    evidence: float
    evidence_words: int
    affected: int
    affected_valid: float
    gain: float
    syllable_share: float
    legacy_char_share: float

    @property
    def accepted(self) -> bool:
        if (self.affected_valid < MIN_AFFECTED_VALID or self.gain < MIN_GAIN
                or self.syllable_share < MIN_SYLLABLE_SHARE or self.legacy_char_share < MIN_LEGACY_CHAR_SHARE):
            return False
        return self.evidence >= MIN_EVIDENCE or (
            self.evidence >= MIN_EVIDENCE_MANY and self.evidence_words >= 2
            and self.syllable_share >= MIN_SYLLABLE_SHARE_MANY)


def _abbreviation(word: str) -> bool:
    """Codes like UBND, QĐ, BCĐ: no lowercase letter. They say nothing about the encoding either way."""
    return not any(c.islower() for c in word)


def _tcvn3_weight(token: str) -> float:
    """How unlike Western spelling the word's legacy characters are (see the weights above)."""
    best, hits = WEAK, 0
    for i, c in enumerate(token):
        if c not in TCVN3_TO_UNICODE:
            continue
        hits += 1
        after_letter = i > 0
        after_lower = after_letter and (token[i - 1].islower() or token[i - 1] in _TCVN3_LOWER_ONLY)
        if c in _TCVN3_ALWAYS_STRONG or (c in _TCVN3_SIGNS and after_letter) or (c.isupper() and after_lower):
            best = STRONG
        elif c in _TCVN3_SIGNS:
            best = max(best, DISTINCTIVE)
    return STRONG if hits >= 2 else best


def _vni_weight(token: str) -> float:
    """STRONG for a base+modifier pair Western words never have, or for two legacy letters in one word."""
    units = _vni_units(token)
    for _, seq in units:
        western = seq.lower() in _WESTERN_PAIRS and (seq.lower() != "où" or token.lower() == "où")
        if len(seq) == 2 and not western:
            return STRONG
    return STRONG if len(units) >= 2 else WEAK


def _assess(text: str, encoding: str) -> Assessment:
    """Word by word: is each word a syllable before and after decoding, and how distinctive is the change."""
    legacy = _LEGACY_CHARS[encoding]
    decode_word, weight = (_decode_tcvn3, _tcvn3_weight) if encoding == TCVN3 else (_decode_vni, _vni_weight)
    letters = legacy_count = affected = valid_after = improved = worsened = syllables = counted = 0
    evidence: dict[str, float] = {}
    for a, b in _words(text, encoding):
        token = text[a:b]
        decoded = unicodedata.normalize("NFC", decode_word(token))
        hits = sum(1 for c in token if c in legacy)
        letters += len(token)
        legacy_count += hits
        ok_after = is_syllable(decoded)
        if ok_after or not _abbreviation(decoded):
            counted += 1
            syllables += ok_after
        if not hits or len(token) < 2 or decoded == token or (not ok_after and _abbreviation(decoded)):
            continue
        affected += 1
        ok_before = is_syllable(token)
        valid_after += ok_after
        improved += ok_after and not ok_before
        worsened += ok_before and not ok_after
        if ok_after and not ok_before:
            key = token.lower()
            evidence[key] = max(evidence.get(key, 0.0), weight(token))
    return Assessment(
        encoding=encoding,
        evidence=sum(evidence.values()),
        evidence_words=len(evidence),
        affected=affected,
        affected_valid=valid_after / affected if affected else 0.0,
        gain=(improved - worsened) / (improved + worsened) if improved else 0.0,
        syllable_share=syllables / counted if counted else 0.0,
        legacy_char_share=legacy_count / letters if letters else 0.0,
    )


def assess(text: str) -> list[Assessment]:
    """Both legacy readings of `text`, best first; empty when the text cannot be legacy at all."""
    if text.isascii() or _UNICODE_VIETNAMESE.search(text):
        return []
    found = [_assess(text, enc) for enc in ENCODINGS]
    return sorted(found, key=lambda a: (a.accepted, a.evidence * a.affected_valid), reverse=True)


def detect(text: str) -> str | None:
    """Which legacy font `text` was typed in: "tcvn3", "vni", or None (Unicode, ASCII, or not convincing)."""
    readings = assess(text)
    return readings[0].encoding if readings and readings[0].accepted else None


def to_unicode(text: str) -> tuple[str, str | None]:
    """The text in NFC Unicode and the legacy encoding it was found in; the input untouched when None."""
    encoding = detect(text)
    if encoding is None:
        return text, None
    return decode(text, encoding), encoding
