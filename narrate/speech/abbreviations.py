"""The built-in dictionary of Vietnamese news abbreviations, and how to resolve ambiguous ones.

Every entry is what a VOV/VTV reader says for the written form. Keys are matched case-sensitively
as whole words (a digit may touch them: QL1A, BN123). A feed's ``[lexicon]`` overrides any entry.

- ``ABBREVIATIONS``: read wherever they stand as a word.
- ``SAID_AS_WORDS``: foreign acronyms a reader says as a word (ASEAN a-xê-an), or by the name
  of what they stand for when that is what Vietnamese radio says (WHO, EU).
- ``BEFORE_NAMES``: abbreviations with a dot (TP., Q., GS.) that are only expanded before a
  name or a number, because a lone "P." is as likely an initial.
- ``AMBIGUOUS``: ĐH, CP, CA, ĐT, TT: a reading is picked from the neighbouring words; when no
  context rule decides, the ``default`` (or, without one, the letters) is read and
  ``narrate check`` reports it for the feed's lexicon.
- ``DOCUMENT_ISSUERS``: the issuer part of legal document numbers (15/2020/NĐ-CP).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

_MINISTRIES: Final[dict[str, str]] = {
    "GD&ĐT": "giáo dục và đào tạo",
    "GD-ĐT": "giáo dục - đào tạo",
    "GDĐT": "giáo dục và đào tạo",
    "NN&PTNT": "nông nghiệp và phát triển nông thôn",
    "NN-PTNT": "nông nghiệp và phát triển nông thôn",
    "NNPTNT": "nông nghiệp và phát triển nông thôn",
    "TN&MT": "tài nguyên và môi trường",
    "TN-MT": "tài nguyên - môi trường",
    "TNMT": "tài nguyên và môi trường",
    "KH&ĐT": "kế hoạch và đầu tư",
    "KH-ĐT": "kế hoạch - đầu tư",
    "KHĐT": "kế hoạch và đầu tư",
    "KH&CN": "khoa học và công nghệ",
    "KH-CN": "khoa học - công nghệ",
    "KHCN": "khoa học công nghệ",
    "LĐ-TB&XH": "lao động - thương binh và xã hội",
    "LĐTB&XH": "lao động - thương binh và xã hội",
    "LĐTBXH": "lao động thương binh và xã hội",
    "VH-TT&DL": "văn hóa, thể thao và du lịch",
    "VHTT&DL": "văn hóa, thể thao và du lịch",
    "VHTTDL": "văn hóa thể thao và du lịch",
    "TT&TT": "thông tin và truyền thông",
    "TTTT": "thông tin truyền thông",
    "GTVT": "giao thông vận tải",
    "GT-VT": "giao thông - vận tải",
    "NHNN": "ngân hàng nhà nước",
    "KBNN": "kho bạc nhà nước",
}

_STATE_AND_PARTY: Final[dict[str, str]] = {
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "UBMTTQ": "ủy ban mặt trận tổ quốc",
    "UBMTTQVN": "ủy ban mặt trận tổ quốc Việt Nam",
    "MTTQ": "mặt trận tổ quốc",
    "MTTQVN": "mặt trận tổ quốc Việt Nam",
    "TAND": "tòa án nhân dân",
    "TANDTC": "tòa án nhân dân tối cao",
    "VKSND": "viện kiểm sát nhân dân",
    "VKSNDTC": "viện kiểm sát nhân dân tối cao",
    "VKS": "viện kiểm sát",
    "THADS": "thi hành án dân sự",
    "BCH": "ban chấp hành",
    "BCHTW": "ban chấp hành trung ương",
    "BCHTƯ": "ban chấp hành trung ương",
    "BTV": "ban thường vụ",
    "BBT": "ban bí thư",
    "BCĐ": "ban chỉ đạo",
    "BQL": "ban quản lý",
    "BQLDA": "ban quản lý dự án",
    "BTC": "ban tổ chức",
    "BGK": "ban giám khảo",
    "BGH": "ban giám hiệu",
    "BGĐ": "ban giám đốc",
    "UBKT": "ủy ban kiểm tra",
    "UBKTTW": "ủy ban kiểm tra trung ương",
    "TƯ": "trung ương",
    "TW": "trung ương",
    "QH": "quốc hội",
    "ĐBQH": "đại biểu quốc hội",
    "UBTVQH": "ủy ban thường vụ quốc hội",
    "HĐBC": "hội đồng bầu cử",
    "CTN": "chủ tịch nước",
    "PCT": "phó chủ tịch",
    "TTg": "thủ tướng",
    "TTCP": "thủ tướng chính phủ",
    "VPCP": "văn phòng chính phủ",
    "ĐCSVN": "Đảng Cộng sản Việt Nam",
    "CHXHCN": "cộng hòa xã hội chủ nghĩa",
    "CHXHCNVN": "cộng hòa xã hội chủ nghĩa Việt Nam",
    "XHCN": "xã hội chủ nghĩa",
    "CNXH": "chủ nghĩa xã hội",
    "CHDCND": "cộng hòa dân chủ nhân dân",
    "CHND": "cộng hòa nhân dân",
    "TCCSĐ": "tổ chức cơ sở đảng",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "CBCNV": "cán bộ công nhân viên",
    "CCVC": "công chức, viên chức",
    "CNVC": "công nhân viên chức",
    "NLĐ": "người lao động",
    "ĐVTN": "đoàn viên thanh niên",
    "TNCS": "thanh niên cộng sản",
    "HLHPN": "hội liên hiệp phụ nữ",
    "LHPN": "liên hiệp phụ nữ",
    "HCCB": "hội cựu chiến binh",
    "CCB": "cựu chiến binh",
    "LĐLĐ": "liên đoàn lao động",
    "CĐCS": "công đoàn cơ sở",
    "HĐQT": "hội đồng quản trị",
    "TGĐ": "tổng giám đốc",
    "PGĐ": "phó giám đốc",
    "GĐ": "giám đốc",
    "PV": "phóng viên",
    "CTV": "cộng tác viên",
    "TTXVN": "thông tấn xã Việt Nam",
    "PT-TH": "phát thanh - truyền hình",
    "PTTH": "phát thanh truyền hình",
    "NXB": "nhà xuất bản",
    "Nxb": "nhà xuất bản",
    "Đ/c": "đồng chí",
    "đ/c": "đồng chí",
    "V/v": "về việc",
    "K/g": "kính gửi",
}

_SECURITY: Final[dict[str, str]] = {
    "CAND": "công an nhân dân",
    "QĐND": "quân đội nhân dân",
    "LLVT": "lực lượng vũ trang",
    "LLVTND": "lực lượng vũ trang nhân dân",
    "CSGT": "cảnh sát giao thông",
    "CSHS": "cảnh sát hình sự",
    "CSKT": "cảnh sát kinh tế",
    "CSCĐ": "cảnh sát cơ động",
    "CSĐT": "cảnh sát điều tra",
    "CQĐT": "cơ quan điều tra",
    "CQCSĐT": "cơ quan cảnh sát điều tra",
    "ANTT": "an ninh trật tự",
    "ANCT": "an ninh chính trị",
    "ANQP": "an ninh quốc phòng",
    "QP-AN": "quốc phòng - an ninh",
    "QPAN": "quốc phòng an ninh",
    "ATGT": "an toàn giao thông",
    "TTATGT": "trật tự an toàn giao thông",
    "TNGT": "tai nạn giao thông",
    "GPLX": "giấy phép lái xe",
    "BKS": "biển kiểm soát",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "PCCC": "phòng cháy chữa cháy",
    "CNCH": "cứu nạn cứu hộ",
    "PCTT": "phòng chống thiên tai",
    "TKCN": "tìm kiếm cứu nạn",
    "AHLĐ": "anh hùng lao động",
    "AHLLVT": "anh hùng lực lượng vũ trang",
}

_ECONOMY: Final[dict[str, str]] = {
    "KT-XH": "kinh tế - xã hội",
    "KTXH": "kinh tế xã hội",
    "CNH-HĐH": "công nghiệp hóa - hiện đại hóa",
    "CNH": "công nghiệp hóa",
    "HĐH": "hiện đại hóa",
    "CNTT": "công nghệ thông tin",
    "KHKT": "khoa học kỹ thuật",
    "Cty": "công ty",
    "CTy": "công ty",
    "TCty": "tổng công ty",
    "CTCP": "công ty cổ phần",
    "TNHH": "trách nhiệm hữu hạn",
    "MTV": "một thành viên",
    "TMCP": "thương mại cổ phần",
    "NHTM": "ngân hàng thương mại",
    "DN": "doanh nghiệp",
    "DNNN": "doanh nghiệp nhà nước",
    "DNNVV": "doanh nghiệp nhỏ và vừa",
    "HTX": "hợp tác xã",
    "KCN": "khu công nghiệp",
    "CCN": "cụm công nghiệp",
    "KKT": "khu kinh tế",
    "KCX": "khu chế xuất",
    "KDC": "khu dân cư",
    "KĐT": "khu đô thị",
    "TTTM": "trung tâm thương mại",
    "TTCK": "thị trường chứng khoán",
    "BĐS": "bất động sản",
    "XNK": "xuất nhập khẩu",
    "XK": "xuất khẩu",
    "NK": "nhập khẩu",
    "GTGT": "giá trị gia tăng",
    "TNDN": "thu nhập doanh nghiệp",
    "TNCN": "thu nhập cá nhân",
    "NSNN": "ngân sách nhà nước",
    "BHXH": "bảo hiểm xã hội",
    "BHYT": "bảo hiểm y tế",
    "BHTN": "bảo hiểm thất nghiệp",
    "NTM": "nông thôn mới",
    "XDNTM": "xây dựng nông thôn mới",
    "XĐGN": "xóa đói giảm nghèo",
    "ĐVT": "đơn vị tính",
    "USD": "đô la Mỹ",
    "VNĐ": "đồng",
    "VND": "đồng",
    "EUR": "ơ-rô",
    "NDT": "nhân dân tệ",
    "CNY": "nhân dân tệ",
    "JPY": "yên Nhật",
    "GBP": "bảng Anh",
    "KRW": "won",
    "SĐT": "số điện thoại",
    "SN": "sinh năm",
    "DVC": "dịch vụ công",
    "ĐTDĐ": "điện thoại di động",
    "TV": "ti vi",
}

_EDUCATION_AND_HEALTH: Final[dict[str, str]] = {
    "THPT": "trung học phổ thông",
    "THPTQG": "trung học phổ thông quốc gia",
    "THCS": "trung học cơ sở",
    "GDTX": "giáo dục thường xuyên",
    "GDNN": "giáo dục nghề nghiệp",
    "GDCD": "giáo dục công dân",
    "SGK": "sách giáo khoa",
    "ĐHQG": "đại học quốc gia",
    "ĐHQGHN": "đại học quốc gia Hà Nội",
    "ĐHBK": "đại học bách khoa",
    "ĐHSP": "đại học sư phạm",
    "CĐSP": "cao đẳng sư phạm",
    "HSSV": "học sinh, sinh viên",
    "HS": "học sinh",
    "HSG": "học sinh giỏi",
    "SV": "sinh viên",
    "GV": "giáo viên",
    "GVCN": "giáo viên chủ nhiệm",
    "NCS": "nghiên cứu sinh",
    "GS": "giáo sư",
    "PGS": "phó giáo sư",
    "TS": "tiến sĩ",
    "ThS": "thạc sĩ",
    "Ths": "thạc sĩ",
    "BS": "bác sĩ",
    "BSCKI": "bác sĩ chuyên khoa một",
    "BSCKII": "bác sĩ chuyên khoa hai",
    "CKI": "chuyên khoa một",
    "CKII": "chuyên khoa hai",
    "KS": "kỹ sư",
    "LS": "luật sư",
    "NSND": "nghệ sĩ nhân dân",
    "NSƯT": "nghệ sĩ ưu tú",
    "NGND": "nhà giáo nhân dân",
    "NGƯT": "nhà giáo ưu tú",
    "TTND": "thầy thuốc nhân dân",
    "TTƯT": "thầy thuốc ưu tú",
    "BV": "bệnh viện",
    "BVĐK": "bệnh viện đa khoa",
    "TTYT": "trung tâm y tế",
    "TYT": "trạm y tế",
    "YTDP": "y tế dự phòng",
    "KCB": "khám chữa bệnh",
    "BN": "bệnh nhân",
    "ATTP": "an toàn thực phẩm",
    "VSATTP": "vệ sinh an toàn thực phẩm",
    "TDTT": "thể dục thể thao",
    "HLV": "huấn luyện viên",
    "VĐV": "vận động viên",
    "CLB": "câu lạc bộ",
    "HCV": "huy chương vàng",
    "HCB": "huy chương bạc",
    "HCĐ": "huy chương đồng",
}

_PLACES: Final[dict[str, str]] = {
    "TPHCM": "thành phố Hồ Chí Minh",
    "TP.HCM": "thành phố Hồ Chí Minh",
    "Tp.HCM": "thành phố Hồ Chí Minh",
    "HCM": "Hồ Chí Minh",
    "HN": "Hà Nội",
    "TP": "thành phố",
    "Tp": "thành phố",
    "TX": "thị xã",
    "QL": "quốc lộ",
    "TL": "tỉnh lộ",
    "KP": "khu phố",
    "TDP": "tổ dân phố",
    "ĐBSCL": "đồng bằng sông Cửu Long",
    "ĐBSH": "đồng bằng sông Hồng",
    "VN": "Việt Nam",
    "TQ": "Trung Quốc",
    "CN": "chủ nhật",
    "v.v.": "vân vân",
    "v.v": "vân vân",
}

ABBREVIATIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        **_MINISTRIES,
        **_STATE_AND_PARTY,
        **_SECURITY,
        **_ECONOMY,
        **_EDUCATION_AND_HEALTH,
        **_PLACES,
    }
)

# Said as words, or by name where that is what Vietnamese radio says.
SAID_AS_WORDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "ASEAN": "a-xê-an",
        "UNESCO": "u-nét-xcô",
        "UNICEF": "u-ni-xép",
        "COVID": "cô-vít",
        "Covid": "cô-vít",
        "SARS-CoV-2": "sát cô vi hai",
        "SARS": "sát",
        "AIDS": "ết",
        "NATO": "na-tô",
        "OPEC": "ô-péc",
        "APEC": "a-pếch",
        "FIFA": "phi-pha",
        "ASIAD": "a-xi-át",
        "OCOP": "ô-cốp",
        "SEA Games": "xi-a gêm",
        "V-League": "vi-lích",
        "WHO": "tổ chức y tế thế giới",
        "WTO": "tổ chức thương mại thế giới",
        "IMF": "quỹ tiền tệ quốc tế",
        "WB": "ngân hàng thế giới",
        "ADB": "ngân hàng phát triển châu Á",
        "EU": "liên minh châu Âu",
        "LHQ": "liên hợp quốc",
        "AI": "ây-ai",
    }
)

# Only before a name or a number (after spaces): "TP. Cao Lãnh", "Q. 1", "GS. Lê", "tp.Hà Nội".
BEFORE_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "TP.": "thành phố",
        "Tp.": "thành phố",
        "tp.": "thành phố",
        "TX.": "thị xã",
        "Tx.": "thị xã",
        "tx.": "thị xã",
        "TT.": "thị trấn",
        "Tt.": "thị trấn",
        "tt.": "thị trấn",
        "KP.": "khu phố",
        "kp.": "khu phố",
        "Q.": "quận",
        "q.": "quận",
        "P.": "phường",
        "p.": "phường",
        "H.": "huyện",
        "h.": "huyện",
        "X.": "xã",
        "x.": "xã",
        "GS.": "giáo sư",
        "PGS.": "phó giáo sư",
        "TS.": "tiến sĩ",
        "ThS.": "thạc sĩ",
        "Ths.": "thạc sĩ",
        "Th.S": "thạc sĩ",
        "BS.": "bác sĩ",
        "KS.": "kỹ sư",
        "LS.": "luật sư",
        "NSND.": "nghệ sĩ nhân dân",
        "NSƯT.": "nghệ sĩ ưu tú",
        "Tr.": "trang",
    }
)

# A one-letter place abbreviation (Q., P., H., X.) right after a capitalised word is an
# initial in a name ("Nguyễn Văn P. Hùng"), not a ward.
SINGLE_LETTER_PLACES: Final[frozenset[str]] = frozenset(
    key for key in BEFORE_NAMES if len(key) == 2
)


@dataclass(frozen=True)
class Sense:
    """One reading of an ambiguous abbreviation and the neighbouring words that select it."""

    spoken: str
    before: re.Pattern[str] | None = None  # matched against the text before, ending there
    after: re.Pattern[str] | None = None  # matched against the text after, from its start


@dataclass(frozen=True)
class Ambiguous:
    """An abbreviation with several readings; ``default`` is read when no sense matches."""

    senses: tuple[Sense, ...]
    default: str | None = None


def _before(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^|[^\w])(?:{words})\s*$", re.IGNORECASE)


def _after(words: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{words})(?!\w)")


_NATIONS: Final = (
    "Việt Nam|VN|Thái Lan|Indonesia|Malaysia|Philippines|Lào|Campuchia|Singapore|Myanmar|"
    "Hàn Quốc|Nhật Bản|Trung Quốc|Anh|Pháp|Đức|Brazil|Argentina|Tây Ban Nha|Ý|Bồ Đào Nha"
)

AMBIGUOUS: Final[Mapping[str, Ambiguous]] = MappingProxyType(
    {
        "ĐH": Ambiguous(
            senses=(
                Sense(
                    "đại hội",
                    before=_before(
                        "khai mạc|bế mạc|tham dự|dự|văn kiện|Đảng bộ|chi bộ|chào mừng|"
                        "trước|sau|tiến tới|nghị quyết"
                    ),
                    after=_after(
                        "Đảng|đảng|đại biểu|Đại biểu|Đoàn|Công đoàn|Hội|TDTT|Thể dục|"
                        "thể dục|Thể thao|lần|nhiệm kỳ|cổ đông|đồng cổ đông|[IVXL]+|[0-9]+"
                    ),
                ),
                Sense(
                    "đại học",
                    before=_before(
                        "trường|sinh viên|giảng viên|thi|tuyển sinh|học|tốt nghiệp|bậc|hệ|"
                        "xét tuyển|hiệu trưởng|giám đốc|khối|luyện thi|vào"
                    ),
                    after=_after(
                        "Quốc gia|quốc gia|Bách khoa|Kinh tế|Y|Y Dược|Dược|Sư phạm|Luật|"
                        "Ngoại thương|Huế|Đà Nẵng|Cần Thơ|Thái Nguyên|Vinh|Mở|Công nghiệp|"
                        "Nông Lâm|Thủy lợi|Giao thông|Xây dựng|Khoa học|Văn hóa|Ngoại ngữ|"
                        "Tôn Đức Thắng|Văn Lang|Đồng Tháp|An Giang|Tây Nguyên|Quy Nhơn|"
                        "chính quy|năm|[A-Z]{2,}"
                    ),
                ),
            ),
            default="đại học",
        ),
        "CP": Ambiguous(
            senses=(
                Sense(
                    "cổ phần",
                    before=_before(
                        "công ty|Cty|CTy|tập đoàn|ngân hàng|tổng công ty|cổ đông|"
                        "phát hành|mua|bán|cổ phiếu"
                    ),
                ),
                Sense(
                    "chính phủ",
                    before=_before(
                        "thủ tướng|phó thủ tướng|văn phòng|nghị định|nghị quyết|của|thuộc|"
                        "thành viên|chỉ thị"
                    ),
                ),
            ),
        ),
        "CA": Ambiguous(
            senses=(
                Sense(
                    "công an",
                    before=_before("lực lượng|giám đốc|cán bộ|chiến sĩ|phòng|cơ quan|của"),
                    after=_after(
                        "tỉnh|huyện|xã|phường|thị trấn|thị xã|quận|thành phố|TP|TX|Q\\.|P\\.|"
                        "nhân dân|[A-ZĐ]"
                    ),
                ),
            ),
            default="công an",
        ),
        "ĐT": Ambiguous(
            senses=(
                Sense("đường tỉnh", after=re.compile(r"^\.?\s*[0-9]")),
                Sense(
                    "điện thoại",
                    before=_before("số|gọi|liên hệ"),
                    after=re.compile(r"^\s*[:.]?\s*(?:\+|0[0-9]|\()"),
                ),
                Sense("đội tuyển", after=_after(f"{_NATIONS}|quốc gia|U[0-9]+|nữ|nam")),
            ),
        ),
        "TT": Ambiguous(
            senses=(
                Sense("thông tư", after=re.compile(r"^\s*(?:số\s*)?[0-9]")),
                Sense(
                    "trung tâm",
                    after=_after(
                        "Y tế|y tế|Văn hóa|văn hóa|Hành chính|hành chính|Thương mại|thương mại|"
                        "Dịch vụ|dịch vụ|Giáo dục|giáo dục|Bảo trợ|Kiểm soát|Phát triển|"
                        "Chính trị|Học tập|Công nghệ|Nghiên cứu|Thông tin|Khuyến nông|"
                        "Đào tạo|Truyền thông|Hội nghị|Triển lãm"
                    ),
                ),
                # A capitalised ASCII word that is no Vietnamese syllable is a foreign name.
                Sense("tổng thống", after=re.compile(r"^\s*(?:Mỹ|Nga|Pháp|[A-Z][a-z]+\b)")),
            ),
        ),
    }
)

# Legal document numbers: 15/2020/NĐ-CP, 1234/QĐ-UBND. The type (NĐ, QĐ) usually repeats the
# word before the number, so a reader says the issuer: "... của chính phủ".
DOCUMENT_TYPES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "NĐ": "nghị định",
        "QĐ": "quyết định",
        "NQ": "nghị quyết",
        "TT": "thông tư",
        "TTLT": "thông tư liên tịch",
        "CT": "chỉ thị",
        "CV": "công văn",
        "KH": "kế hoạch",
        "TB": "thông báo",
        "BC": "báo cáo",
        "HD": "hướng dẫn",
        "KL": "kết luận",
        "TTr": "tờ trình",
        "QH": "quốc hội",
        "L": "luật",
        "UBTVQH": "ủy ban thường vụ quốc hội",
    }
)

DOCUMENT_ISSUERS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "CP": "chính phủ",
        "TTg": "thủ tướng chính phủ",
        "BTC": "bộ tài chính",
        "BCA": "bộ công an",
        "BQP": "bộ quốc phòng",
        "BYT": "bộ y tế",
        "BGDĐT": "bộ giáo dục và đào tạo",
        "BCT": "bộ công thương",
        "BNNPTNT": "bộ nông nghiệp và phát triển nông thôn",
        "BTNMT": "bộ tài nguyên và môi trường",
        "BXD": "bộ xây dựng",
        "BGTVT": "bộ giao thông vận tải",
        "BKHĐT": "bộ kế hoạch và đầu tư",
        "BLĐTBXH": "bộ lao động - thương binh và xã hội",
        "BNV": "bộ nội vụ",
        "BTP": "bộ tư pháp",
        "BNG": "bộ ngoại giao",
        "BVHTTDL": "bộ văn hóa, thể thao và du lịch",
        "BTTTT": "bộ thông tin và truyền thông",
        "BKHCN": "bộ khoa học và công nghệ",
        "NHNN": "ngân hàng nhà nước",
        "UBND": "ủy ban nhân dân",
        "HĐND": "hội đồng nhân dân",
        "TU": "tỉnh ủy",
        "HU": "huyện ủy",
        "TW": "trung ương",
        "TƯ": "trung ương",
        "VPCP": "văn phòng chính phủ",
        "QH": "quốc hội",
        "UBTVQH": "ủy ban thường vụ quốc hội",
        "TANDTC": "tòa án nhân dân tối cao",
        "VKSNDTC": "viện kiểm sát nhân dân tối cao",
    }
)


def resolve(abbreviation: str, before: str, after: str) -> tuple[str | None, bool]:
    """The reading of an ambiguous ``abbreviation`` between ``before`` and ``after``.

    Returns (spoken, decided): ``decided`` is False when no neighbouring word chose the sense
    and the default (possibly None: spell it) was taken, so ``narrate check`` can report it.
    """
    entry = AMBIGUOUS[abbreviation]
    for sense in entry.senses:
        if sense.after is not None and sense.after.search(after):
            return sense.spoken, True
        if sense.before is not None and sense.before.search(before):
            return sense.spoken, True
    return entry.default, False
