"""Encodings: every way a Vietnamese newsroom saves text becomes the same NFC Unicode.

The legacy encoders below are written from the standards' code charts, independently of the
tables in narrate.article.encoding, so a round trip checks those tables.
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.article import decode_article
from narrate.article.encoding import (
    TCVN3_TO_UNICODE,
    compose_vietnamese,
    detect_legacy,
    from_tcvn3,
    is_vietnamese_syllable,
    repair_text,
    unescape_entities,
)
from narrate.errors import InputError

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.txt"))
TONES = "\u0300\u0301\u0303\u0309\u0323"
SHAPES = "\u0302\u0306\u031b"

# TCVN 5712:1993 VN3 ("ABC", the .VnTime fonts), letter → byte, row by row of the code chart.
TCVN3_ENCODE: dict[str, int] = {
    **dict(zip("ĂÂÊÔƠƯĐ", range(0xA1, 0xA8), strict=True)),
    **dict(zip("ăâêôơưđ", range(0xA8, 0xAF), strict=True)),
    **dict(zip("àảãáạ", range(0xB5, 0xBA), strict=True)),
    **dict(zip("ằẳẵắ", range(0xBB, 0xBF), strict=True)),
    "ặ": 0xC6,
    **dict(zip("ầẩẫấậ", range(0xC7, 0xCC), strict=True)),
    "è": 0xCC,
    **dict(zip("ẻẽéẹ", range(0xCE, 0xD2), strict=True)),
    **dict(zip("ềểễếệ", range(0xD2, 0xD7), strict=True)),
    **dict(zip("ìỉ", range(0xD7, 0xD9), strict=True)),
    **dict(zip("ĩíịò", range(0xDC, 0xE0), strict=True)),
    **dict(zip("ỏõóọ", range(0xE1, 0xE5), strict=True)),
    **dict(zip("ồổỗốộ", range(0xE5, 0xEA), strict=True)),
    **dict(zip("ờởỡớợ", range(0xEA, 0xEF), strict=True)),
    "ù": 0xEF,
    **dict(zip("ủũúụ", range(0xF1, 0xF5), strict=True)),
    **dict(zip("ừửữứự", range(0xF5, 0xFA), strict=True)),
    **dict(zip("ỳỷỹýỵ", range(0xFA, 0xFF), strict=True)),
}


def tcvn3(text: str) -> bytes:
    """Text as a .VnTime typist saves it; capital toned letters only exist in all-caps fonts,
    which use the lower-case codes."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[char])
        elif char.lower() in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[char.lower()])
        else:
            out += char.encode("cp1252")
    return bytes(out)


def cp1258(text: str) -> bytes:
    """Windows-1258 as Windows writes it: a precomposed letter where the code page has one,
    else the letter without its tone followed by the combining tone."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def vowel_then_tone(text: str) -> str:
    """The keyboard form: the vowel with its hat composed, the tone as a combining mark."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in TONES)
        out.append(unicodedata.normalize("NFC", decomposed.replace(tones, "")) + tones)
    return "".join(out)


def tone_before_hat(text: str) -> str:
    """Marks in the odd order some input methods type: tone first, then the vowel's hat."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in TONES)
        shapes = "".join(c for c in decomposed if c in SHAPES)
        base = "".join(c for c in decomposed if c not in TONES + SHAPES)
        out.append(base + tones + shapes if tones and shapes else char)
    return "".join(out)


def entities(text: str) -> str:
    """Text with its letters written as HTML entities, named where HTML has a name."""
    named = {"à": "&agrave;", "á": "&aacute;", "â": "&acirc;", "ê": "&ecirc;", "ô": "&ocirc;"}
    return "".join(
        named.get(c, f"&#{ord(c)};" if not c.isascii() else c)
        for c in unicodedata.normalize("NFC", text)
    )


ARTICLE = EXAMPLES[0].read_text(encoding="utf-8")

VARIANTS: dict[str, Callable[[str], bytes]] = {
    "utf8": lambda text: text.encode(),
    "utf8_bom": lambda text: codecs.BOM_UTF8 + text.encode(),
    "utf16_le_bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf16_be_bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf32_bom": lambda text: text.encode("utf-32"),
    "windows_1258": cp1258,
    "windows_1258_crlf": lambda text: cp1258(text.replace("\n", "\r\n")),
    "nfd": lambda text: unicodedata.normalize("NFD", text).encode(),
    "vowel_then_combining_tone": lambda text: vowel_then_tone(text).encode(),
    "tone_before_circumflex": lambda text: tone_before_hat(text).encode(),
    "html_entities": lambda text: entities(text).encode(),
    "tcvn3_bytes": tcvn3,
    "tcvn3_kept_as_unicode_by_word": lambda text: tcvn3(text).decode("cp1252").encode(),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_way_of_saving_an_article_decodes_to_the_same_nfc_text(variant: str) -> None:
    data = VARIANTS[variant](ARTICLE)

    assert decode_article(data, "bai.txt") == ARTICLE


def test_the_variants_really_differ_from_plain_utf8() -> None:
    plain = ARTICLE.encode()
    assert all(VARIANTS[name](ARTICLE) != plain for name in VARIANTS if name != "utf8")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_the_utf8_examples_decode_unchanged_and_are_never_taken_for_a_legacy_encoding(
    path: Path,
) -> None:
    text = path.read_text(encoding="utf-8")

    assert decode_article(path.read_bytes(), str(path)) == text
    assert detect_legacy(text) is None
    assert repair_text(text, str(path)) == text


ORDINARY_TEXT = {
    "english": (
        "The café on Main Street sells 250 g of coffee for $5 — a naïve price © 2021. "
        "Temperatures reached 30°C and ½ of the crop was lost; “quotes” stay as they are."
    ),
    "french": "Noël à Saïgon : très élégant, la crème brûlée coûte 3 € à l'hôtel français.",
    "german": "Müller und Schäfer fahren über die Brücke nach Köln, schön und groß.",
    "vietnamese_latin1_letters_only": "Cà phê Tây Nguyên có giá cao. Bà Tám bán chè ở chợ.",
    "vietnamese_capitals": "HỢP TÁC XÃ TÂN BÌNH THU MUA XOÀI CÁT HÒA LỘC",
}


@pytest.mark.parametrize("case", sorted(ORDINARY_TEXT))
def test_ordinary_unicode_text_is_never_repaired(case: str) -> None:
    text = ORDINARY_TEXT[case]

    assert detect_legacy(text) is None
    assert decode_article(text.encode(), "x.txt") == text


# --- TCVN3 ------------------------------------------------------------------------------------


def test_the_tcvn3_table_has_the_74_letters_of_vn3_and_matches_the_code_chart() -> None:
    assert len(TCVN3_ENCODE) == 74
    assert {chr(code): letter for letter, code in TCVN3_ENCODE.items()} == TCVN3_TO_UNICODE


def test_the_tcvn3_table_agrees_with_the_c_library_converter() -> None:
    # glibc's iconv (Debian's essential libc-bin, on every machine this runs on) knows VN3.
    assert shutil.which("iconv"), "iconv is missing: install libc-bin"
    data = bytes(sorted(TCVN3_ENCODE.values()))
    result = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    expected = "".join(TCVN3_TO_UNICODE[chr(code)] for code in data)
    assert unicodedata.normalize("NFC", result.stdout.decode()) == expected


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Ch©u Thµnh", "Châu Thành"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Ng­êi d©n ®­îc mïa", "Người dân được mùa"),
        ("THµNH PHè CAO L·NH", "THÀNH PHỐ CAO LÃNH"),
    ],
)
def test_known_tcvn3_words_convert_to_unicode(legacy: str, unicode: str) -> None:
    assert from_tcvn3(legacy) == unicode


def test_a_tcvn3_file_is_detected_and_converted() -> None:
    data = tcvn3(ARTICLE)
    assert b"\xae\xad\xeang" in data  # "đường": really legacy bytes

    assert detect_legacy(data.decode("cp1252")) == "TCVN3"
    assert decode_article(data, "bai.txt") == ARTICLE


def test_a_degree_sign_in_tcvn3_text_stays_a_degree_sign() -> None:
    text = "Nhiệt độ lên tới 35°C, người dân được khuyên ở trong nhà vào buổi trưa."

    assert decode_article(tcvn3(text), "x.txt") == text


# --- VNI --------------------------------------------------------------------------------------

VNI_TEXT = (
    "Nhaân daân huyeän Chaâu Thaønh ñöôïc muøa luùa ñoâng xuaân. Ngöôøi daân Vieät Nam vui möøng."
)


@pytest.mark.parametrize(
    "data", [VNI_TEXT.encode("cp1252"), VNI_TEXT.encode()], ids=["bytes", "kept_as_unicode"]
)
def test_a_vni_file_is_refused_with_the_encoding_named_and_how_to_convert_it(data: bytes) -> None:
    with pytest.raises(InputError) as raised:
        decode_article(data, "bai-vni.txt")

    message = str(raised.value)
    assert message.startswith("bai-vni.txt is typed in the VNI Windows font encoding")
    assert "Unikey" in message and "Unicode" in message
    assert "\n" not in message


# --- composition and entities -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "composed"),
    [
        ("e\u0302\u0301", "ế"),
        ("ê\u0301", "ế"),
        ("e\u0301\u0302", "ế"),
        ("é\u0302", "ế"),
        ("o\u031b\u0323", "ợ"),
        ("o\u0323\u031b", "ợ"),
        ("a\u0306\u0300", "ằ"),
        ("a\u0300\u0306", "ằ"),
        ("u\u031b\u0303", "ữ"),
        ("Đồng Tháp", "Đồng Tháp"),
    ],
)
def test_marks_in_any_order_compose_into_one_letter(typed: str, composed: str) -> None:
    assert compose_vietnamese(typed) == composed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Th&agrave;nh ph&#7889; C&#x1EA7;n Th&#417;, S&ocirc;ng Hậu",
            "Thành phố Cần Thơ, Sông Hậu",
        ),
        ("AT&amp;T v&agrave; R&D", "AT&T và R&D"),
        ("&khongphaithucthe; giữ nguyên", "&khongphaithucthe; giữ nguyên"),
        ("Giá 5&nbsp;000 đồng", "Giá 5\u00a0000 đồng"),
    ],
)
def test_html_entities_in_text_become_the_letters_they_name(text: str, expected: str) -> None:
    assert unescape_entities(text) == expected


@pytest.mark.parametrize(
    ("word", "valid"),
    [
        ("được", True),
        ("người", True),
        ("nghĩa", True),
        ("quốc", True),
        ("khuya", True),
        ("gì", True),
        ("Chaâu", False),
        ("cafộ", False),
        ("hoàng", True),
        ("trốs", False),
    ],
)
def test_vietnamese_syllables_are_told_from_other_words(word: str, valid: bool) -> None:
    assert is_vietnamese_syllable(word) is valid


# --- refusals and robustness ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"caf\xe9 au lait", "not UTF-8 text"),
        ("Thông báo".encode("latin-1"), "not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "damaged"),
        (b"", "is empty"),
    ],
)
def test_bytes_that_are_not_vietnamese_text_are_refused_with_the_reason(
    data: bytes, reason: str
) -> None:
    with pytest.raises(InputError, match=reason) as raised:
        decode_article(data, "x.txt")
    assert "\n" not in str(raised.value)


VIETNAMESE_WORDS = sorted({word for path in EXAMPLES for word in path.read_text().split()})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VIETNAMESE_WORDS), min_size=1, max_size=40).map(" ".join))
def test_any_utf8_vietnamese_text_decodes_unchanged(text: str) -> None:
    assert decode_article(text.encode(), "x.txt") == text


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_decoding_is_stable_nfc_for_any_unicode_text(text: str) -> None:
    try:
        once = decode_article(text.encode("utf-8", "surrogatepass"), "x.txt")
    except InputError:
        return
    assert unicodedata.is_normalized("NFC", once)
    assert decode_article(once.encode(), "x.txt") == once
