"""The one set of rules that finds an article's parts, shared by every reader.

Text files, web pages, Word files and feed items all end up as lines of text; these rules say
which line is page furniture, a teaser or a tag box (dropped), a photo credit (dropped), a
caption (only with evidence), a subheading, a byline or a source line, and how a body pasted as
one long line is cut back into paragraphs. ``../shared/VI-NEWS-LAYOUTS.md`` §1-2 describes the
shapes; each rule is a table or a small function so a new shape is one new entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from narrate.speech.sentences import split_sentences
from narrate.speech.syllables import is_syllable

__all__ = [
    "FINAL_PUNCTUATION",
    "FURNITURE_PATTERNS",
    "MAX_CAPTION_CHARS",
    "MAX_HEADING_CHARS",
    "MAX_PARAGRAPH_CHARS",
    "TRAILER_PATTERNS",
    "Credit",
    "caption_text",
    "cut_glued_tags",
    "glued_byline",
    "is_furniture",
    "is_heading",
    "is_team",
    "is_trailer",
    "keyword_tail",
    "looks_like_name",
    "read_credit",
    "split_long_line",
    "strip_photo_credits",
    "strip_title_suffix",
]

# A sentence or a quotation ends here: such a line is prose, never a caption or a subheading.
FINAL_PUNCTUATION: Final = (".", "!", "?", "…", ":", ";", "”", '"')
# A caption is a sentence or two under a photo; a line of several hundred characters is prose.
MAX_CAPTION_CHARS: Final = 300
# Without a photo label a caption must be long enough not to be a subheading.
MIN_CAPTION_CHARS: Final = 40
MIN_CAPTION_WORDS: Final = 6
MAX_HEADING_CHARS: Final = 150
# A body pasted as one line is cut into paragraphs of at most this many characters.
MAX_PARAGRAPH_CHARS: Final = 600
# A teaser line ("Video: …") is a headline, never this long.
_MAX_TEASER_CHARS = 250

# Whole lines that belong to the web page, not the article (matched case-insensitively against
# the complete line). Add a pattern here when a new site leaves other links behind.
FURNITURE_PATTERNS: tuple[str, ...] = (
    r"gửi bình luận(?: của bạn)?",
    r"(?:\d+\s+)?bình luận(?:\s*\(\d+\))?",
    r"(?:gửi )?ý kiến(?: bạn đọc| của bạn)?(?:\s*\(\d+\))?",
    r"chia sẻ(?: bài viết(?: này)?)?(?:\s+(?:qua|lên)\s+\w+)?\s*:?",
    r"facebook|zalo|twitter|e-?mail|share|tweet|like|thích|lưu|lưu bài|theo dõi",
    r"in(?: bài(?: viết)?)?|bản in|print",
    r"(?:tags?|từ khóa|từ khoá|chủ đề)\s*:.*",
    r"xem thêm\s*:?|\(xem thêm\)|>>\s*đọc thêm|đọc thêm\s*:?",
    r"(?:lên|về) đầu trang|đầu trang|quay lại|trở về|trang chủ(?:\s*[>»›/|].*)?",
    r"(?:đánh giá|bình chọn)\s*:?.{0,20}|\d+\s*(?:lượt xem|lượt thích|views?)",
    r"(?:ảnh|nguồn ảnh|ảnh minh (?:họa|hoạ))\s*:\s*"
    r"(?:tư liệu|internet|minh (?:họa|hoạ)|st|sưu tầm)",
    r"\(?ảnh minh (?:họa|hoạ)\)?|\(?nguồn ảnh\s*:[^()]{0,60}\)?|\(ảnh\s*:[^()]{0,60}\)",
)

# Lines after which the rest of the page is lists of other stories or tags; they and everything
# below them are dropped (only once the article itself has begun).
TRAILER_PATTERNS: tuple[str, ...] = (
    r"(?:các )?tin(?: bài)? (?:liên quan|cùng chuyên mục|khác|mới(?: nhất)?|đọc nhiều|xem nhiều"
    r"|đã đưa)\s*:?",
    r"(?:các )?(?:bài viết|bài) (?:liên quan|khác)\s*:?",
    r"có thể bạn quan tâm\s*:?",
    r"(?:tags?|từ khóa|từ khoá)\s*:?",
)

# A teaser for another story or a video: "Video: …", "Clip: …", "Xem thêm: …", "(Xem thêm) …",
# "Tin liên quan: …", ">> Đọc thêm …", "Mời quý độc giả xem video …".
_TEASER_START = (
    r"(?:>>+|»)\s*\S"
    r"|(?:video|clip|infographic|podcast|xem thêm|đọc thêm|tin liên quan|xem tiếp)\s*[:>]"
    r"|\(\s*(?:xem thêm|video|clip)\s*\)"
    r"|mời (?:quý )?(?:độc giả|bạn đọc|quý vị|các bạn|bạn) (?:xem|theo dõi|đón xem)"
)

_FURNITURE = re.compile("|".join(f"(?:{p})" for p in FURNITURE_PATTERNS), re.IGNORECASE)
_TRAILER = re.compile("|".join(f"(?:{p})" for p in TRAILER_PATTERNS), re.IGNORECASE)
_TEASER = re.compile(f"(?:{_TEASER_START})", re.IGNORECASE)
_TEASER_INSIDE = re.compile(f"[.!?…]\\s+(?:{_TEASER_START})", re.IGNORECASE)


def is_furniture(line: str) -> bool:
    """A whole line that is page furniture, a teaser or a photo credit, never the article."""
    if _FURNITURE.fullmatch(line):
        return True
    return len(line) <= _MAX_TEASER_CHARS and _TEASER.match(line) is not None


# A tag box glued after the last sentence of a line: "… 180.000 ha. Từ khóa: giá lúa, …".
_GLUED_TAGS = re.compile(
    r"(?<=[.!?…”\"»)])\s+(?:tags?|từ kh(?:óa|oá)|chủ đề)\s*:.*$", re.IGNORECASE | re.DOTALL
)


def cut_glued_tags(line: str) -> str:
    """``line`` without a tag box glued after its final sentence (a whole tag line is furniture)."""
    return _GLUED_TAGS.sub("", line)


def is_trailer(line: str) -> bool:
    """A line that starts the lists of other stories or tags below an article."""
    return _TRAILER.fullmatch(line) is not None


def _table(words: str) -> tuple[str, ...]:
    """A word table written as "a|b|c", so long lists stay readable in a few lines."""
    return tuple(words.split("|"))


# --- photo credits and captions ----------------------------------------------------------------

_PHOTO_LABEL = re.compile(r"(?:ảnh|ảnh minh (?:họa|hoạ))\s*:\s*", re.IGNORECASE)
# "(Ảnh: NV)", "(ảnh minh họa)", "(Nguồn ảnh: Internet)" inside or after a sentence.
_PAREN_CREDIT = re.compile(
    r"\s*\(\s*(?:ảnh|nguồn ảnh|ảnh minh (?:họa|hoạ))\b[^()]{0,60}\)", re.IGNORECASE
)
# "… - Ảnh: KIM NGÂN" at the end of a caption.
_DASH_CREDIT = re.compile(r"\s+[-–—]\s*(?:ảnh|nguồn ảnh)\s*:\s*[^.!?]{1,50}$", re.IGNORECASE)
# "… ấp 3. Ảnh: THANH TÂM": a credit after the caption's last sentence.
_SENTENCE_CREDIT = re.compile(
    r"(?<=[.!?…])\s+(?:ảnh|nguồn ảnh)\s*:\s*(?P<credit>[^.!?]{1,50})\.?$", re.IGNORECASE
)
_CREDIT_AT_END = re.compile(
    r"(?:\(\s*(?:ảnh|nguồn ảnh)\b[^()]{0,60}\)|[-–—]\s*(?:ảnh|nguồn ảnh)\s*:[^.!?]{1,50})"
    r"$",
    re.IGNORECASE,
)
# A short line that opens the way captions describe a scene is a caption, not a subheading.
_DESCRIBES_A_PHOTO = re.compile(
    r"(?:toàn cảnh|quang cảnh|cảnh|các đại biểu|đại biểu|lãnh đạo|đồng chí|ông|bà|người dân|"
    r"bà con|học sinh|du khách|nông dân|công nhân|lực lượng|phóng viên)\s",
    re.IGNORECASE,
)
_MIN_SCENE_WORDS = 3
_CREDIT_WORDS = frozenset(
    {"tư liệu", "internet", "minh họa", "minh hoạ", "st", "sưu tầm", "nguồn internet", "tl"}
)


def strip_photo_credits(text: str) -> str:
    """The text without photo credits such as "(Ảnh: NV)" or "- Ảnh: TTXVN" ("Ảnh" said once)."""
    text = _PAREN_CREDIT.sub("", text)
    text = _DASH_CREDIT.sub("", text)
    credit = _credit_after_sentence(text)
    if credit is not None:
        text = text[: credit.start()]
    return " ".join(text.split())


def _credit_after_sentence(text: str) -> re.Match[str] | None:
    credit = _SENTENCE_CREDIT.search(text)
    return credit if credit is not None and _is_photo_credit(credit["credit"]) else None


def _is_photo_credit(rest: str) -> bool:
    """What follows "Ảnh:" is a photographer or a source, not a description of the photo."""
    words = rest.rstrip(".").split()
    if not words or len(words) > 4:
        return False
    return rest.casefold().rstrip(".") in _CREDIT_WORDS or all(w[:1].isupper() for w in words)


def caption_text(line: str, *, marked: bool = False, between: bool = True) -> str | None:
    """The caption a line holds, without its label and credits, or None if it is not one.

    A photo credit alone ("Ảnh: KIM NGÂN", "(Ảnh minh họa)") gives "", and is dropped.

    Evidence is the markup (``marked``), a photo label ("Ảnh: …") or credit ("… (Ảnh: NV)"), or
    for a plain line: short, not a sentence (no final punctuation), long enough not to be a
    subheading, and ``between`` paragraphs. A line longer than :data:`MAX_CAPTION_CHARS` is
    never a caption, whatever its last character.
    """
    if len(line) > MAX_CAPTION_CHARS:
        return None
    label = _PHOTO_LABEL.match(line)
    if label is not None:
        rest = line[label.end() :].strip()
        return "" if not rest or _is_photo_credit(rest) else strip_photo_credits(rest)
    if marked or _CREDIT_AT_END.search(line) or _credit_after_sentence(line):
        return strip_photo_credits(line)
    if not between or line.endswith(FINAL_PUNCTUATION) or line.isupper():
        return None
    if len(split_sentences(line)) > 1:
        return None  # a full sentence and more: prose, whatever its last character
    if _DESCRIBES_A_PHOTO.match(line) and len(line.split()) >= _MIN_SCENE_WORDS:
        return line  # "Toàn cảnh hội nghị", "Lãnh đạo tỉnh trao quà cho bà con"
    if len(line) < MIN_CAPTION_CHARS or len(line.split()) < MIN_CAPTION_WORDS:
        return None
    return line


def is_heading(line: str) -> bool:
    """A plain line that reads as a subheading: short, not a sentence, starting a word."""
    return (
        len(line) <= MAX_HEADING_CHARS
        and not line.endswith(FINAL_PUNCTUATION)
        and line[:1].isupper()
        and (line.isupper() or len(line) < MIN_CAPTION_CHARS or len(line.split()) < 6)
    )


# --- titles ------------------------------------------------------------------------------------

_TITLE_SEPARATOR = re.compile(r"\s+[-|–—:»]+\s+|\s*\|\s*")
SECTION_NAMES: frozenset[str] = frozenset(
    _table(
        "thời sự|xã hội|kinh tế|thế giới|quốc tế|văn hóa|văn hoá|thể thao|giáo dục|pháp luật|"
        "sức khỏe|sức khoẻ|đời sống|giải trí|công nghệ|khoa học|du lịch|xe|ô tô|xe máy|"
        "bất động sản|tài chính|kinh doanh|chính trị|trong nước|tin tức|tin trong nước|"
        "nông nghiệp|môi trường|an ninh|an ninh trật tự|giao thông|y tế|thời trang|ẩm thực|"
        "bạn đọc|góc nhìn|tiêu dùng|chứng khoán|địa phương|chính sách|nhịp sống|tin tổng hợp|"
        "tin nóng|tin mới|tin nhanh|video|podcast|multimedia|emagazine|infographic|news|"
        "tin tức - sự kiện|sự kiện|bóng đá|quân sự|số hóa|giải trí - thể thao|pháp đình|"
        "nhà đất|thị trường|doanh nghiệp|việc làm|người việt|ý kiến|diễn đàn"
    )
)
_SITE_PREFIXES = _table(
    "báo |tạp chí |đài |cổng thông tin|trang thông tin|truyền hình |kênh |thông tấn|"
    "tin tức |báo điện tử"
)
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|info)\b", re.IGNORECASE)


def _fold(text: str) -> str:
    """Letters only, without marks, for comparing a site's name with its host name."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(char for char in decomposed if char.isalnum() and char.isascii())


def names_site(part: str, site_names: Iterable[str] = (), *, by_shape: bool = True) -> bool:
    """``part`` names the newspaper ("Báo Ví Dụ", "Ví Dụ Online", "vidu.vn").

    ``by_shape`` accepts any name shaped like a paper's; without it only ``site_names`` count.
    """
    folded = part.casefold().strip()
    if not folded:
        return False
    shaped = folded.startswith(_SITE_PREFIXES) or folded.endswith((" online", " news", " điện tử"))
    if by_shape and (shaped or _DOMAIN.fullmatch(folded)):
        return True
    key = _fold(part)
    sites = {_fold(site) for site in site_names} - {""}
    return bool(key) and any(
        key == site or (len(site) > 3 and (site in key or key in site)) for site in sites
    )


_MAX_SITE_WORDS = 6


def _is_section_before(title: str, separator: re.Match[str], all_: list[re.Match[str]]) -> bool:
    """The part before ``separator`` is a section's name ("… - Kinh doanh - Tin Ví Dụ")."""
    index = all_.index(separator)
    start = all_[index - 1].end() if index else 0
    part = title[start : separator.start()].strip().casefold()
    rest = title[separator.end() :]
    return index > 0 and part in SECTION_NAMES and len(rest.split()) <= _MAX_SITE_WORDS


def strip_title_suffix(title: str, site_names: Iterable[str] = ()) -> str:
    """The headline without the site's and section's names a browser tab adds.

    "Tiêu đề - Thời sự - Báo Ví Dụ Online" and "Tiêu đề | Báo Ví Dụ" lose their suffixes; a
    dash inside a headline stays ("Hải Phòng - Nghệ An: chia điểm"), because only a part that
    names the site or a section is cut. A site's name in front ("Báo Ví Dụ | Tiêu đề") goes too.
    """
    sites = tuple(site_names)
    while True:
        separators = list(_TITLE_SEPARATOR.finditer(title))
        if not separators:
            return title
        first = separators[0]
        head = title[: first.start()].strip()
        # in front only after a pipe or when the page names its site: "Báo chí - …" is a headline
        if names_site(head, sites, by_shape="|" in first.group(0)):
            title = title[first.end() :].strip()
            continue
        last = separators[-1]
        tail = title[last.end() :].strip()
        piped = "|" in last.group(0) and len(tail.split()) <= _MAX_SITE_WORDS
        if names_site(tail, sites) or tail.casefold() in SECTION_NAMES or piped:
            title = title[: last.start()].strip()
            continue
        section = next(
            (sep for sep in separators[1:] if _is_section_before(title, sep, separators)), None
        )
        if section is not None:
            title = title[: section.start()].strip()
            continue
        return title


# --- bylines and source lines ------------------------------------------------------------------


@dataclass(frozen=True)
class Credit:
    """Who wrote an article and where it came from, as the byline printed them.

    ``author`` is people or a newsroom team (spoken with the credit template, and a
    ``podcast:person``); ``source`` is an outlet or agency ("Báo Ví Dụ", "TTXVN"), spoken with
    the source template and never a person.
    """

    author: str | None = None
    source: str | None = None


_OUTLET_WORDS = _table(
    "báo|đài|tạp chí|cổng thông tin|trang thông tin|thông tấn|kênh|truyền hình|tttxvn"
)
# Agencies and outlets credited alone or in brackets: "(TTXVN)", "Theo VnExpress".
_AGENCY = re.compile(r"[A-ZĐ][A-Za-zĐđ]*(?:\.[A-Za-z]{2,4})?|[A-ZĐ]{2,}(?:[-/][A-ZĐ]+)*")
_SOURCE_LABEL = re.compile(r"(?:theo|nguồn|nguồn tin)\s*:?\s+", re.IGNORECASE)
_CREDIT_LABEL = re.compile(
    r"(?:(?:bài|tin)(?:\s*(?:,|và|-|\+)\s*(?:bài|tin|ảnh|clip|video))*"
    r"|tác giả|người viết|thực hiện|nhóm thực hiện|ghi chép)\s*:\s*",
    re.IGNORECASE,
)
_COMPILED = re.compile(r"\s*\((?:t/h|th|tổng hợp|tổng hợp)\)$", re.IGNORECASE)
# "Minh Tâm (TTXVN)": a reporter of an agency.
_AGENCY_AFTER = re.compile(r"\s*\((?P<source>[A-ZĐ][A-Za-zĐđ.+]{1,15})\)$")
_THEO_AFTER = re.compile(r"\s*\(\s*(?:theo|nguồn)\s*:?\s+(?P<source>[^()]+?)\s*\)$", re.IGNORECASE)
# Teams start with a capital: "Nhóm PV Thời sự", "Nhóm phóng viên Ví Dụ", "PV", "CTV Hải Đăng".
_TEAM = re.compile(
    r"(?:Nhóm|NHÓM|Tổ|TỔ)\s+(?:pv|phóng viên|ctv|btv|biên tập viên|thực hiện|tác giả)"
    r"(?:\s+\S+){0,4}|PV(?:\s+\S+){0,3}|(?:Phóng viên|PHÓNG VIÊN)(?:\s+\S+){1,4}"
    r"|(?:CTV|BTV)\s+\S+(?:\s+\S+){0,3}",
    re.IGNORECASE,
)
_NAME_SEPARATOR = re.compile(r"\s*(?:\s[-–&]\s|,|\s+và\s+|/)\s*")
_INITIALS = re.compile(r"(?:[A-ZĐ]\.\s?)+")
_QUOTES = "“”\"'«»‘’"
_MAX_NAME_WORDS = 5
# Words that are never part of a person's name: places and institutions ("TỈNH ĐỒNG THÁP").
_NOT_IN_NAMES = frozenset(
    _table("tỉnh|huyện|xã|phường|quận|thành|phố|sông|cầu|chợ|đường|hợp|tác|ủy|ban|sở|bộ|cục")
)
_MAX_CREDIT_CHARS = 80

# Places are never authors: a last line "Hà Nội" or a sentence ending "… về Đồng Tháp".
PLACES: frozenset[str] = frozenset(
    _table(
        "việt nam|hà nội|hải phòng|đà nẵng|cần thơ|huế|sài gòn|an giang|bà rịa - vũng tàu|"
        "vũng tàu|bắc giang|bắc kạn|bạc liêu|bắc ninh|bến tre|bình định|bình dương|bình phước|"
        "bình thuận|cà mau|cao bằng|đắk lắk|đắk nông|điện biên|đồng nai|đồng tháp|gia lai|"
        "hà giang|hà nam|hà tĩnh|hải dương|hậu giang|hòa bình|hưng yên|khánh hòa|kiên giang|"
        "kon tum|lai châu|lâm đồng|lạng sơn|lào cai|long an|nam định|nghệ an|ninh bình|"
        "ninh thuận|phú thọ|phú yên|quảng bình|quảng nam|quảng ngãi|quảng ninh|quảng trị|"
        "sóc trăng|sơn la|tây ninh|thái bình|thái nguyên|thanh hóa|thừa thiên huế|tiền giang|"
        "trà vinh|tuyên quang|vĩnh long|vĩnh phúc|yên bái|cao lãnh|sa đéc|lai vung|lấp vò|"
        "mỹ thuận|tây nguyên|nam bộ|bắc bộ|trung bộ|đồng bằng sông cửu long|hồ chí minh|"
        "nha trang|đà lạt|hạ long|phú quốc|biên hòa|mỹ tho|long xuyên|rạch giá|hội an|"
        "trung quốc|nhật bản|hàn quốc|hoa kỳ|thái lan|campuchia|lào|nga|miền trung|miền nam|"
        "miền bắc|miền tây|miền đông|tây bắc|đông bắc|đông nam bộ"
    )
)
_PLACE_WORDS = _table(
    "tỉnh|huyện|xã|thành phố|tp|quận|phường|thị xã|thị trấn|sông|cầu|chợ|đường|phố|hồ|núi|"
    "bến|cảng|ấp|làng|đảo|vịnh|miền"
)
# A capitalised run after one of these words is the sentence's object ("… ông Nguyễn Văn Tám",
# "… về Đồng Tháp"), not a byline glued after it.
_TAKES_A_NAME = frozenset(
    _table(
        "của|tại|ở|với|và|cho|theo|từ|đến|tới|về|gặp|thăm|là|bởi|do|như|ông|bà|anh|chị|em|cô|"
        "chú|bác|cụ|cháu|con|vợ|chồng|đồng|chí|tỉnh|huyện|xã|phường|quận|thành|phố|thị|trấn|"
        "sông|cầu|chợ|đường|nhà|trường|đội|câu|lạc|bộ|hãng|công|ty|tập|đoàn|ngân|hàng|bệnh|"
        "viện|giám|đốc|chủ|tịch|trưởng|phó|thư|ký|sở|tên|gọi|danh|hiệu|hát|bài|phim|sách|tác|"
        "phẩm|khu|vùng|miền|huấn|luyện|viên|thủ|ca|sĩ|nghệ|nhạc|gia|thuộc|qua|sang|vào|trong|"
        "ngoài|quê|dân"
    )
)


def _is_place(name: str) -> bool:
    folded = " ".join(name.casefold().split())
    if folded in PLACES:
        return True
    return folded.startswith(tuple(f"{word} " for word in _PLACE_WORDS))


def _name_words(name: str) -> list[str] | None:
    """The syllables of one person's name, initials apart, or None when it is not a name."""
    name = name.strip()
    initials = _INITIALS.match(name)
    rest = name[initials.end() :] if initials else name
    words = rest.split()
    count = len(words) + (len(initials.group(0).split(".")) - 1 if initials else 0)
    if not words or count < 2 or count > _MAX_NAME_WORDS:
        return None
    for word in words:
        if not (word[:1].isupper() and is_syllable(word.casefold())):
            return None
        if word.casefold() in _NOT_IN_NAMES:
            return None
        if not (word.isupper() or word[1:].islower() or len(word) == 1):
            return None
    return words


def _names(text: str) -> str | None:
    """People named one after another ("Minh Trí - Ngọc Diệp", "Hữu Phước, Thảo Vy")."""
    if any(char in _QUOTES for char in text) or len(text) > _MAX_CREDIT_CHARS:
        return None
    parts = [part for part in _NAME_SEPARATOR.split(text) if part.strip()]
    if not parts or len(parts) > 4:
        return None
    for part in parts:
        if _name_words(part) is None or _is_place(part) or _is_outlet(part):
            return None
    return text.strip()


def _is_outlet(text: str) -> bool:
    folded = text.casefold().strip()
    return folded.startswith(tuple(f"{word} " for word in _OUTLET_WORDS))


def _source_name(text: str) -> str | None:
    """An outlet or agency: "Báo Ví Dụ", "TTXVN", "Cổng thông tin Ví Dụ", "VnExpress"."""
    text = text.strip().rstrip(".").strip()
    if not text or len(text) > _MAX_CREDIT_CHARS or any(c in _QUOTES for c in text):
        return None
    if re.search(r"[.!?;,]\s", text):
        return None
    words = text.split()
    if len(words) > 8:
        return None
    if _is_outlet(text) and len(words) >= 2:
        return text
    if len(words) == 1 and _AGENCY.fullmatch(text) and not text[1:].islower():
        return text  # TTXVN, VnExpress, Chinhphu.vn: an agency's code
    if all(word[:1].isupper() for word in words):
        return text
    return None


def read_credit(line: str) -> Credit | None:
    """The author and/or source a byline names, or None when ``line`` is not a byline.

    Every shape of VI-NEWS-LAYOUTS §1C is read, in capitals or normal case: names, several
    names, a name and an outlet ("Hồng Nhung/Báo Ví Dụ", "Quốc Việt (theo Báo Ví Dụ)"),
    labelled credits ("Bài, ảnh: Bảo Trâm"), sources ("Theo Báo Ví Dụ", "(TTXVN)",
    "Nguồn: …", an outlet alone) and teams ("Nhóm PV Thời sự", "PV", "CTV Hải Đăng"). A
    sentence, a quotation or a place is never a byline.
    """
    text = " ".join(line.split())
    if not text or len(text) > _MAX_CREDIT_CHARS or any(c in _QUOTES for c in text):
        return None
    if text.startswith("(") and text.endswith(")"):
        inner = text[1:-1].strip()
        label = _SOURCE_LABEL.match(inner)
        lone_agency = len(inner.split()) == 1 and not is_syllable(inner.casefold())
        if label or lone_agency or _is_outlet(inner):
            source = _source_name(inner[label.end() :] if label else inner)
            return Credit(source=source) if source else None
        return None
    label = _SOURCE_LABEL.match(text)
    if label is not None:
        source = _source_name(text[label.end() :])
        return Credit(source=source) if source else None
    label = _CREDIT_LABEL.match(text)
    if label is not None:
        rest = text[label.end() :].strip()
        names = _names(rest) or (rest if _TEAM.fullmatch(rest) else None)
        return Credit(author=names) if names else None
    compiled = _COMPILED.search(text)
    if compiled is not None:
        names = _names(text[: compiled.start()])
        return Credit(author=names) if names else None
    agency = _AGENCY_AFTER.search(text)
    if agency is not None and not is_syllable(agency["source"].casefold()):
        names = _names(text[: agency.start()])
        return Credit(author=names, source=agency["source"]) if names else None
    after = _THEO_AFTER.search(text)
    if after is not None:
        names = _names(text[: after.start()])
        source = _source_name(after["source"])
        return Credit(author=names, source=source) if names and source else None
    if "/" in text:
        person, _, outlet = text.partition("/")
        names, source = _names(person), _source_name(outlet)
        if names and source and _is_outlet(outlet):
            return Credit(author=names, source=source)
    if text[:1].isupper() and _TEAM.fullmatch(text) and not text.endswith(FINAL_PUNCTUATION):
        return Credit(author=text)
    if _is_outlet(text) and not text.endswith(FINAL_PUNCTUATION):
        source = _source_name(text)
        return Credit(source=source) if source else None
    names = _names(text.removesuffix("."))  # "Thanh Tâm." on its own line
    return Credit(author=names) if names else None


def keyword_tail(lines: list[str]) -> int:
    """How many lines at the end are a tag box: three or more short keyword lines.

    A byline standing first in the run is the article's and stays.
    """
    count = 0
    for line in reversed(lines):
        if len(line.split()) > 4 or line.endswith(FINAL_PUNCTUATION) or read_credit(line):
            break
        count += 1
    return count if count >= 3 else 0


def is_team(author: str) -> bool:
    """A newsroom team rather than a person ("PV", "Nhóm PV Thời sự"): never a podcast:person."""
    return bool(author[:1].isupper() and _TEAM.fullmatch(author)) and not author.startswith(
        ("CTV", "BTV")  # "CTV Hải Đăng" names one person, a contributor
    )


def looks_like_name(line: str) -> bool:
    """A short last line in the shape of a name, whether or not it was taken as a byline."""
    words = line.split()
    return (
        1 <= len(words) <= _MAX_NAME_WORDS
        and not line.endswith(FINAL_PUNCTUATION)
        and all(word[:1].isupper() for word in words)
    )


_END_MARK = re.compile(r"[.!?…]+[”\"’')\]»]*\s+")
_WORD = re.compile(r"\S+")
_MAX_GLUED_WORDS = 10


def glued_byline(line: str) -> tuple[str, Credit] | None:
    """A byline written at the end of the last paragraph: (the paragraph without it, credit).

    After the last full stop ("… đã được khắc phục. HOÀNG LAN") or, in an aggregator's dump,
    with no punctuation at all ("… sẽ tiếp tục thông tin Minh Khôi"). Without punctuation the
    name must follow a word that does not take one ("… về Đồng Tháp", "… ông Lê Văn Tám" stay).
    """
    if line.endswith(FINAL_PUNCTUATION):
        return None
    ends = [m for m in _END_MARK.finditer(line) if len(line) - m.end() <= _MAX_CREDIT_CHARS]
    for mark in reversed(ends):
        credit = read_credit(line[mark.end() :])
        if credit is not None and mark.start() > 0:
            return line[: mark.end()].rstrip(), credit
    words = list(_WORD.finditer(line))
    best: tuple[str, Credit] | None = None
    for index in range(len(words) - 1, max(len(words) - _MAX_GLUED_WORDS, 1) - 1, -1):
        previous = words[index - 1].group(0)
        before = words[index - 2].group(0) if index >= 2 else ""
        # "… về Hà Nội Minh Khôi": a place's name may stand right before the byline
        ends_place = {previous.casefold(), f"{before} {previous}".casefold()} & PLACES
        # a closing quotation or a colon ends what came before: "… “Sẽ xong sớm” Minh Khôi"
        closed = previous[-1:] in '”"’)»:' and len(previous) > 1
        # "… quốc lộ 30 Hữu Phước": a number takes no name either
        if not (previous[-1:].isalnum() or closed) or not (
            previous.islower() or previous.isdigit() or ends_place or closed
        ):
            continue
        if not any(char.islower() for char in line[: words[index].start()]):
            continue  # a line in capitals is a heading or a name, not prose with a name glued
        if previous.casefold() in _TAKES_A_NAME:
            continue
        credit = read_credit(line[words[index].start() :])
        if credit is not None:
            best = (line[: words[index].start()].rstrip(), credit)
    return best


# --- one long line back into paragraphs ----------------------------------------------------------

# Words that open a sentence: a capitalised one right after a lowercase word inside what the
# sentence splitter took for one sentence marks where a subheading with no full stop ended.
_OPENERS = frozenset(
    _table(
        "theo|trong|tại|ông|bà|anh|chị|năm|ngày|sau|hiện|để|với|các|những|nhiều|đây|đó|khi|từ|"
        "cùng|bên|mặc|tuy|nhưng|do|vì|nếu|còn|riêng|hơn|ngoài|thời|việc|chiều|sáng|tối|trưa|"
        "hôm|qua|trước|đến|tính|đặc|song|bởi|chính|thực|mỗi|một|đầu|cuối|giữa|dù|như|cũng|đồng|"
        "nhờ|người|lãnh|đại|phát|trả|tiếp|thế|vừa|toàn"
    )
)
_MAX_HEADING_WORDS = 14
# Inside a sentence a capitalised opener after one of these is a name ("theo Ông Tám" is rare,
# "của Trung tâm" is not): no subheading ends there.
_BEFORE_A_NAME = frozenset(
    _table("của|tại|ở|với|và|cho|theo|từ|đến|về|là|bởi|do|như|ông|bà|anh|chị|cô|chú")
)


def _heading_prefix(sentence: str) -> int | None:
    """Where a subheading glued to the next sentence ends ("Kết quả khả quan Theo ông A, …")."""
    words = list(_WORD.finditer(sentence))
    if len(words) < 3 or not words[0].group(0)[:1].isupper():
        return None
    caps = 0
    while caps < len(words) and words[caps].group(0).isupper() and words[caps].group(0).isalpha():
        caps += 1
    if 2 <= caps < len(words) and words[caps].group(0)[:1].isupper():
        return words[caps].start()  # "KẾT QUẢ KHẢ QUAN Theo ông A"
    for index in range(2, min(len(words) - 1, _MAX_HEADING_WORDS + 1)):
        word, previous = words[index].group(0), words[index - 1].group(0)
        if "," in sentence[: words[index].start()]:
            return None
        if (
            word[:1].isupper()
            and word[1:].islower()
            and word.casefold() in _OPENERS
            and previous.isalpha()
            and previous.islower()
            and previous.casefold() not in _BEFORE_A_NAME
        ):
            return words[index].start()
    return None


def split_long_line(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[tuple[str, bool]]:
    """A body pasted as one line cut into (paragraph, is subheading) pieces of ≤ ``limit``.

    Cuts fall only at sentence ends or around a detected subheading; teasers inside the run
    ("Video: …", "Xem thêm: …") are dropped. A line within the limit comes back whole.
    """
    if len(text) <= limit and _TEASER_INSIDE.search(text) is None:
        return [(text, False)]
    pieces: list[tuple[str, bool]] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            pieces.append((" ".join(current), False))
            current.clear()

    for sentence in _without_teasers(split_sentences(text)):
        cut = _heading_prefix(sentence)
        if cut is not None:
            flush()
            pieces.append((sentence[:cut].strip(), True))
            sentence = sentence[cut:].strip()
        if current and len(" ".join(current)) + 1 + len(sentence) > limit:
            flush()
        current.append(sentence)
    flush()
    return pieces


def _without_teasers(sentences: list[str]) -> list[str]:
    """Sentences with every teaser for another story or video taken out.

    A teaser's headline often has no full stop, so the sentence after it is glued on; the cut
    then falls where that sentence starts.
    """
    kept: list[str] = []
    for sentence in sentences:
        if _TEASER.match(sentence) is None:
            kept.append(sentence)
            continue
        cut = _heading_prefix(sentence)
        if cut is not None:
            kept.append(sentence[cut:].strip())
    return kept
