"""Legacy Vietnamese fonts (TCVN3/ABC, VNI Windows): tables, detection and conversion to Unicode.

The encoders here use their own tables, written as byte values straight from the standards (TCVN 5712:1993
VN3 for TCVN3, VNI Windows as Unikey's vnconv implements it), so the module's tables are checked against an
independent copy rather than against themselves.
"""
from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baocao.text.legacy import (ENCODINGS, TCVN3, TCVN3_TO_UNICODE, VNI, VNI_TO_UNICODE, assess, decode, detect,
                           is_syllable, to_unicode)

# The 12 vowels and the tones in Unikey's order: none, sắc, huyền, hỏi, ngã, nặng.
VOWELS = "aăâeêioôơuưy"
TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def letter(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + TONE_MARKS[tone])


LOWER_LETTERS = [letter(v, t) for v in VOWELS for t in range(6)] + ["đ"]
ALL_LETTERS = LOWER_LETTERS + [c.upper() for c in LOWER_LETTERS]
VIETNAMESE_ONLY = [c for c in ALL_LETTERS if ord(c) > 0xFF]

# TCVN3 (VN3) byte per lowercase letter, tones in Unikey's order (none, sắc, huyền, hỏi, ngã, nặng);
# None where the letter is plain ASCII.
TCVN3_BYTES: dict[str, tuple[int | None, ...]] = {
    "a": (None, 0xB8, 0xB5, 0xB6, 0xB7, 0xB9),
    "ă": (0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6),
    "â": (0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB),
    "e": (None, 0xD0, 0xCC, 0xCE, 0xCF, 0xD1),
    "ê": (0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6),
    "i": (None, 0xDD, 0xD7, 0xD8, 0xDC, 0xDE),
    "o": (None, 0xE3, 0xDF, 0xE1, 0xE2, 0xE4),
    "ô": (0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9),
    "ơ": (0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE),
    "u": (None, 0xF3, 0xEF, 0xF1, 0xF2, 0xF4),
    "ư": (0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9),
    "y": (None, 0xFD, 0xFA, 0xFB, 0xFC, 0xFE),
}
TCVN3_CAPITAL_BYTES = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
TCVN3_D_BYTE = 0xAE

# VNI Windows: base byte(s) per lowercase vowel, then the modifier byte per tone (Unikey order). 0 = none.
VNI_BYTES: dict[str, tuple[bytes, tuple[int, ...]]] = {
    "a": (b"a", (0, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF)),
    "â": (b"a", (0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4)),
    "ă": (b"a", (0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB)),
    "e": (b"e", (0, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF)),
    "ê": (b"e", (0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4)),
    "o": (b"o", (0, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF)),
    "ô": (b"o", (0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4)),
    "ơ": (b"\xf4", (0, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF)),
    "u": (b"u", (0, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF)),
    "ư": (b"\xf6", (0, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF)),
    "y": (b"y", (0, 0xF9, 0xF8, 0xFB, 0xF5, 0)),
}
VNI_SINGLE_BYTES = {"í": 0xED, "ì": 0xEC, "ỉ": 0xE6, "ĩ": 0xF3, "ị": 0xF2, "ỵ": 0xEE, "đ": 0xF1}


def _tcvn3_table() -> dict[str, str]:
    table = {"đ": chr(TCVN3_D_BYTE)}
    for vowel, codes in TCVN3_BYTES.items():
        for tone, code in enumerate(codes):
            if code is not None:
                table[letter(vowel, tone)] = chr(code)
    for capital, code in TCVN3_CAPITAL_BYTES.items():
        table[capital] = chr(code)
    return table


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for vowel, (base, mods) in VNI_BYTES.items():
        for tone, mod in enumerate(mods):
            if mod or base[0] > 127:
                table[letter(vowel, tone)] = (base + (bytes([mod]) if mod else b"")).decode("latin-1")
    table.update({k: chr(v) for k, v in VNI_SINGLE_BYTES.items()})
    return table


TCVN3_ENC = _tcvn3_table()
VNI_ENC = _vni_table()


def encode_tcvn3(text: str) -> str:
    """As Unikey types into a `.VnTime` cell: a toned capital gets the lowercase byte (VN3 has no other)."""
    out = []
    for c in unicodedata.normalize("NFC", text):
        out.append(TCVN3_ENC.get(c) or TCVN3_ENC.get(c.lower(), c))
    return "".join(out)


def encode_vni(text: str) -> str:
    """VNI capitals are the Latin-1 capitals of the same bytes (0xF9 ù -> 0xD9 Ù), as in Unikey's table."""
    out = []
    for c in unicodedata.normalize("NFC", text):
        seq = VNI_ENC.get(c.lower())
        out.append(c if seq is None else seq.upper() if c.isupper() else seq)
    return "".join(out)


def tcvn3_visible(text: str) -> str:
    """What a TCVN3 cell can hold: toned capitals come back lowercase unless the word is all capitals."""
    return "".join(c if c.lower() not in TCVN3_ENC or c in TCVN3_ENC else c.lower() for c in text)


ENCODERS = {TCVN3: encode_tcvn3, VNI: encode_vni}

PHRASES = [
    "Hà Nội",
    "Ủy ban nhân dân tỉnh Khánh Hòa",
    "Công an phường Bắc Nha Trang",
    "Sở Nông nghiệp và Môi trường",
    "thủ tục hành chính",
    "căn cước",
    "định danh điện tử mức độ 2",
]

# Unicode Vietnamese from the Khánh Hòa report in shared/seeds, plus a few short cells.
UNICODE_SENTENCES = [
    "Khánh Hòa, ngày 22 tháng 10 năm 2025",
    "(Từ ngày 16/9/2025 đến ngày 15/10/2025)",
    "Chỉ đạo, triển khai thực hiện",
    "a) Nội bật trong kỳ báo cáo:",
    "các nhiệm vụ theo chỉ đạo của Trung ương.",
    "(4) Quyết định số 1254/QĐ-UBND ngày",
    "(3) thực hiện cập nhật, chỉnh lý CSDL đất đai 19.442 trường hợp;",
    "Tiếp tục triển khai giải pháp định danh, xác thực điện tử và nhận diện sinh trắc học phục vụ làm thủ "
    "tục lên tàu bay trên ứng dụng VNeID.",
    "Tính đến nay, tổng số chuyển có hành khách checkin qua VNeID: 1.521/1.793, tỷ lệ 81,7%.",
    "c) UBND các xã, phường tiếp tục duy trì rà soát, vận động, tuyên truyền, hướng dẫn thu nhận hồ sơ, kích "
    "hoạt tài khoản ĐDDĐT mức độ 2;",
    "triển khai thực hiện 02 nhóm TTHC liên thông.",
    "a) Hạ tầng CNTT và nhân sự thực hiện DVC",
    "Tổng số TTHC đã cung cấp dịch vụ công trực tuyến là: 1.706 thủ tục;",
    "đã phát sóng các tin, bài, phóng sự, phỏng vấn về chuyển đổi số của tỉnh;",
    "trong đó, công tác cấp thẻ Căn cước;",
    "bảo hiểm xã hội tỉnh đẩy mạnh triển khai Đề án 06 của chính phủ;",
    "mở lớp tập huấn Chuyển đổi số cho viên chức các đơn vị;",
    "Đẩy mạnh cấp căn cước cho trẻ dưới 14 tuổi...",
    "tỷ lệ dân số được phủ sóng mạng di động 5G là 51%;",
    "100% thuê bao Internet hộ gia đình được lắp đặt đường truyền cáp quang;",
    "duy trì hoạt động hiệu quả của các “Tổ công nghệ số cộng đồng và triển khai Đề án 06”",
    "xác minh thông tin chủ hộ 6.340 lượt;",
    "lấy thông tin công dân 814.360 lượt.",
    "Nhóm tiện ích phát triển kinh tế, xã hội",
    "Lĩnh vực y tế (gồm tuyến tỉnh: 10, tuyến huyện và các trạm y tế: 08).",
    "13.586/13.760 trường hợp người nhận trợ cấp 1 lần (đạt tỷ lệ 98,74%);",
    "(3) Mô hình 8: Triển khai Camera AI kiểm soát ra/vào tại Khu du lịch;",
    "(9) Mô hình 31: Trung tâm giám sát an ninh mạng SOC tỉnh Khánh Hòa.",
    "Thu nhận tài khoản định danh điện tử mức 2 đạt 81.48% công dân trên 14 tuổi (1.444.257/1.772.539).",
    "(2) Đối diện đường Trần Quang Khải (phía Nam nhà hàng Sailing Club);",
    "(3) Nằm giữa công viên Phú Đồng và nhà hàng Louisiana.",
    "đối tượng Người có công: cập nhật đạt 100% (6.997/6.997);",
    "Số: 146/BC-BCĐ",
    "Tây Ninh",
    "Cà Mau",
    "Tôi là công dân",
    "Hòa",
    "Có",
    "Không đạt",
]

NOT_LEGACY = [
    "",
    "   ",
    "Report on digital transformation, October 2025",
    "The quick brown fox jumps over the lazy dog.",
    "Café, résumé, naïve, façade, déjà vu",
    "Je ne sais pas où il est, mais il a été très gentil à Noël.",
    "Où?",
    "Raphaël mange du maïs; le goût du thé est très doux.",
    "« Bonjour », dit-il à l'élève.",
    "Müller über Straße, Äpfel und Öl für Köln",
    "Señor Muñoz, año, mañana, Córdoba, Raúl, país",
    "Não, as leões põem ovos; São Paulo é grande.",
    "Søren Kierkegaard, København, Ærø, Århus",
    "perché città però più così",
    "1211/QĐ-UBND",
    "146/BC-BCĐ",
    "CV-123/ABC",
    "12.345,67",
    "1.444.257/1.772.539",
    "81,48%",
    "2025-10-22",
    "Particle size 5 µm",
    "µm",
    "10 µm - 20 µm",
    "5 µm and 10 µm",
    "Ø 20 mm",
    "ø20, µ = 3,5",
    "A · B · C",
    "© 2025 Company®",
    "§ 3 Abs. 2",
    "½ cup, ¼ tsp",
    "±5 °C",
    "Kích thước lọc 5 µm, đường kính Ø 20 mm",
    "Kich thuoc loc 5 µm",
]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- tables -----------------------------------------------------------------------------------------------

def test_the_tcvn3_table_holds_every_lowercase_letter_and_the_seven_toneless_capitals() -> None:
    values = set(TCVN3_TO_UNICODE.values())
    non_ascii_lower = {c for c in LOWER_LETTERS if not c.isascii()}
    assert non_ascii_lower <= values
    assert values - non_ascii_lower == set("ĂÂÊÔƠƯĐ")
    assert len(TCVN3_TO_UNICODE) == len(values) == 74


def test_the_tcvn3_table_agrees_with_the_independent_byte_table() -> None:
    assert {v: k for k, v in TCVN3_TO_UNICODE.items()} == TCVN3_ENC


def test_the_vni_table_holds_every_lowercase_letter_once() -> None:
    assert sorted(VNI_TO_UNICODE.values()) == sorted(c for c in LOWER_LETTERS if not c.isascii())


def test_the_vni_table_agrees_with_the_independent_byte_table() -> None:
    assert {v: k for k, v in VNI_TO_UNICODE.items()} == VNI_ENC


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs iconv")
def test_the_tcvn3_table_matches_glibc_iconv_tcvn5712() -> None:
    raw = "".join(TCVN3_TO_UNICODE).encode("latin-1")
    done = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=raw, capture_output=True)
    if done.returncode != 0:
        pytest.skip("iconv has no TCVN5712-1")
    assert done.stdout.decode("utf-8") == "".join(TCVN3_TO_UNICODE.values())


# --- round trips of every letter --------------------------------------------------------------------------

@pytest.mark.parametrize("ch", ALL_LETTERS)
def test_every_vietnamese_letter_survives_a_vni_round_trip(ch: str) -> None:
    assert decode(encode_vni(ch), VNI) == ch


@pytest.mark.parametrize("ch", ALL_LETTERS)
def test_every_vietnamese_letter_survives_a_tcvn3_round_trip_up_to_the_capital_font(ch: str) -> None:
    expected = ch if ch in TCVN3_ENC or ch.isascii() else ch.lower()
    assert decode(encode_tcvn3(ch), TCVN3) == expected


@pytest.mark.parametrize("ch", [c for c in ALL_LETTERS if c.isupper() and not c.isascii()])
def test_a_toned_capital_in_an_all_capitals_tcvn3_word_comes_back_capital(ch: str) -> None:
    word = "X" + ch + "X"
    assert decode(encode_tcvn3(word), TCVN3) == word


def test_vni_accepts_the_mixed_case_that_excel_upper_and_proper_leave() -> None:
    assert decode("HAØ NOÄI", VNI) == "HÀ NỘI"
    assert decode("Haø Noäi", VNI) == "Hà Nội"
    assert decode("HaØ NoÄi", VNI) == "Hà Nội"


def test_decoding_with_an_unknown_encoding_is_refused() -> None:
    with pytest.raises(ValueError):
        decode("Hµ Néi", "viscii")


# --- real phrases -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("phrase", PHRASES)
def test_a_vni_phrase_is_detected_and_decoded_exactly(phrase: str) -> None:
    assert to_unicode(encode_vni(phrase)) == (phrase, VNI)


@pytest.mark.parametrize("phrase", PHRASES)
def test_a_tcvn3_phrase_is_detected_and_decoded_with_the_capitals_the_font_can_hold(phrase: str) -> None:
    assert to_unicode(encode_tcvn3(phrase)) == (tcvn3_visible(phrase), TCVN3)


@pytest.mark.parametrize("phrase", PHRASES)
def test_an_all_capitals_tcvn3_phrase_typed_in_vntimeh_comes_back_in_capitals(phrase: str) -> None:
    upper = phrase.upper()
    assert to_unicode(encode_tcvn3(upper)) == (upper, TCVN3)


def test_the_examples_from_the_brief_read_as_expected() -> None:
    assert to_unicode("Hµ Néi") == ("Hà Nội", TCVN3)
    assert to_unicode("Haø Noäi") == ("Hà Nội", VNI)
    assert to_unicode("UBND tØnh Kh¸nh Hßa") == ("UBND tỉnh Khánh Hòa", TCVN3)
    assert to_unicode("Tr\xadêng THPT") == ("Trường THPT", TCVN3)


@pytest.mark.parametrize("sentence", [s for s in UNICODE_SENTENCES if len(s) > 25])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_report_sentence_typed_in_a_legacy_font_is_recovered(sentence: str, encoding: str) -> None:
    legacy = ENCODERS[encoding](sentence)
    expected = tcvn3_visible(sentence) if encoding == TCVN3 else sentence
    assert to_unicode(legacy) == (expected, encoding)


def test_a_tcvn3_document_header_keeps_its_capital_line_and_its_mixed_case_line() -> None:
    header = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert to_unicode(encode_tcvn3(header)) == (header, TCVN3)


def test_windows_1252_punctuation_around_tcvn3_text_is_kept() -> None:
    assert to_unicode("“Hµ Néi” – \x93Kh¸nh Hßa\x94") == ("“Hà Nội” – \x93Khánh Hòa\x94", TCVN3)


def test_short_cells_undecidable_alone_are_decided_over_the_whole_column() -> None:
    cells = ["Có", "Không", "Đạt", "Tốt", "Có", "Chưa đạt"]
    for encoding, encoder in ENCODERS.items():
        legacy = [encoder(c) for c in cells]
        assert detect("\n".join(legacy)) == encoding
        assert [decode(c, encoding) for c in legacy] == cells


# --- no false positives -----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", UNICODE_SENTENCES)
def test_unicode_vietnamese_is_left_alone(sentence: str) -> None:
    assert detect(sentence) is None
    assert to_unicode(sentence) == (sentence, None)


@pytest.mark.parametrize("sentence", UNICODE_SENTENCES)
def test_decomposed_unicode_vietnamese_is_left_alone(sentence: str) -> None:
    assert to_unicode(_nfd(sentence)) == (_nfd(sentence), None)


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_english_french_german_numbers_codes_and_stray_signs_are_left_alone(text: str) -> None:
    assert to_unicode(text) == (text, None)


def test_a_lone_ambiguous_word_is_assessed_but_not_converted() -> None:
    readings = assess("Cã")
    assert readings and not any(r.accepted for r in readings)
    assert to_unicode("Cã") == ("Cã", None)
    assert assess("Hà Nội") == []


# --- properties -------------------------------------------------------------------------------------------

INITIALS = ["", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "r", "s",
            "t", "th", "tr", "v", "x"]
FRONT_INITIALS = ["", "b", "ch", "d", "đ", "gh", "h", "k", "kh", "l", "m", "n", "ngh", "nh", "ph", "r", "s",
                  "t", "th", "tr", "v", "x"]
RHYMES = ("a ai ao au ay am an ang anh ac ach ap at ăm ăn ăng ăc ăp ăt âu ây âm ân âng âc âp ât "
          "o oi om on ong oc op ot oa oai oay oan oang oanh oac oach oat oăn oăng oăc oăt "
          "ô ôi ôm ôn ông ôc ôp ôt ơ ơi ơm ơn ơp ơt u ua ui um un ung uc up ut uy uya uyên uyêt uynh uych "
          "uân uâng uât uây uôi uôn uông uôc uôt ư ưa ưi ưu ưng ưc ưt ươi ươu ươn ương ươc ươt ươm ươp").split()
FRONT_RHYMES = "e eo em en eng ec ep et ê êu êm ên ênh êch êp êt i ia iu im in inh ich ip it iêu iên iêm iêng " \
               "iêc iêp iêt".split()
SPECIAL_WORDS = ["quốc", "quyết", "quyền", "quý", "quê", "quen", "quanh", "quận", "quản", "giữ", "giường",
                 "gì", "yêu", "yên", "yết", "kỹ", "kỳ", "ý", "ở", "ủy", "ấp", "ăn", "ông", "ước", "Đắk", "Lắk"]
STOPS = ("c", "ch", "p", "t")
CASES = (str.lower, str.title, str.upper)


def _place_tone(rhyme: str, tone: int) -> str:
    """Tone on the vowel carrying a quality mark, else the last vowel of a closed or the first of an open rhyme."""
    vowels = [i for i, c in enumerate(rhyme) if unicodedata.normalize("NFD", c)[0] in "aeiouy"]
    marked = [i for i in vowels if len(unicodedata.normalize("NFD", rhyme[i])) > 1]
    closed = rhyme[-1] not in "aeiouyăâêôơư"
    at = marked[-1] if marked else vowels[-1] if closed or len(vowels) == 1 else vowels[-2]
    return rhyme[:at] + letter(rhyme[at], tone) + rhyme[at + 1:]


@st.composite
def syllables(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        word = draw(st.sampled_from(SPECIAL_WORDS))
    else:
        front = draw(st.booleans())
        initial = draw(st.sampled_from(FRONT_INITIALS if front else INITIALS))
        rhyme = draw(st.sampled_from(FRONT_RHYMES if front else RHYMES))
        if initial == "" and rhyme.startswith("iê"):
            rhyme = "y" + rhyme[1:]
        if initial == "gi" and rhyme.startswith("i"):
            initial = "g"
        tone = draw(st.sampled_from((1, 5) if rhyme.endswith(STOPS) else range(6)))
        word = initial + _place_tone(rhyme, tone)
    return draw(st.sampled_from(CASES))(word)


SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", " - ", "; ", " 12 ", "/", " (", ") ", "\n"])


@st.composite
def vietnamese_texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(syllables(), min_size=1, max_size=14))
    text = words[0]
    for word in words[1:]:
        text += draw(SEPARATORS) + word
    return unicodedata.normalize("NFC", text)


@given(syllables())
def test_every_generated_syllable_is_a_vietnamese_syllable(word: str) -> None:
    assert is_syllable(word), word


@settings(max_examples=400)
@given(vietnamese_texts())
def test_nfc_vietnamese_text_is_returned_unchanged(text: str) -> None:
    assert to_unicode(text) == (text, None)


@given(st.text(alphabet=st.sampled_from(ALL_LETTERS + list("bcdghklmnpqrstvxBCDGHKLMNPQRSTVX ,.-0123456789")),
               max_size=40),
       st.sampled_from(VIETNAMESE_ONLY))
def test_text_with_any_letter_only_unicode_has_is_returned_unchanged(text: str, marker: str) -> None:
    text = unicodedata.normalize("NFC", text + marker)
    assert to_unicode(text) == (text, None)


@settings(max_examples=300)
@given(vietnamese_texts())
def test_vietnamese_text_round_trips_through_both_legacy_encodings(text: str) -> None:
    assert decode(encode_vni(text), VNI) == text
    assert decode(encode_tcvn3(text), TCVN3).lower() == text.lower()


@settings(max_examples=500)
@given(st.text())
def test_detection_and_conversion_never_raise_on_arbitrary_text(text: str) -> None:
    converted, encoding = to_unicode(text)
    assert encoding in (None, *ENCODINGS)
    assert isinstance(converted, str)
    if encoding is None:
        assert converted is text
    for enc in ENCODINGS:
        assert isinstance(decode(text, enc), str)
