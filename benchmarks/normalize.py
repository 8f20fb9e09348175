"""Text front end speed: characters per second of split_sentences + verbalize.

    .venv/bin/python benchmarks/normalize.py [--megabytes 1] [--runs 5]

Prints numbers and asserts nothing. The text is a generated news article dense in digits
(dates, times, money, units, scores, phone numbers, document numbers, abbreviations, and the
newsroom shapes of issue 13: dotted and bracketed dates, chainage, plates, IPs), repeated
to the requested size; each run splits it into sentences and verbalizes every sentence, as the
pipeline does. The median of the runs is the number to quote; it is one core, one process.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from narrate.speech import split_sentences, verbalize  # noqa: E402

TEMPLATES = (
    "Ngày {d}/{m}/{y}, UBND tỉnh tổ chức hội nghị tổng kết với {n} đại biểu tham dự.",
    "Lúc {h}h{mi}, tại TP.HCM đã có {n} hộ dân nhận hỗ trợ {money}đ/hộ.",
    "Giá lúa tăng {p},{q}% so với năm {y}, đạt {n}.{k}00 đồng/kg; năng suất {q},{p} tấn/ha.",
    "Đội tuyển Việt Nam thắng {s}-{t} trong trận đấu lúc {h}:{mi} tối {d}/{m}.",
    "Dự án dài {n} km, vốn {p},{q} tỷ đồng, thi công giai đoạn {y}-{y2}.",
    "Hội nghị Trung ương {s} khóa XIII diễn ra từ {d}-{d2}/{m}; quý IV/{y} dự kiến hoàn thành.",
    "Theo Nghị định {n}/{y}/NĐ-CP, GS.TS Nguyễn Văn An cho biết nhiệt độ -{s} độ C kéo dài.",
    "Đường dây nóng 0913 {n} {n} hoạt động 24/7; hotline 1900 {k}{k}.",
    "Khoảng 1/{t} số hộ ở Q.{s} có thu nhập trên {money} VNĐ/tháng, tăng {p}-{q}%.",
    "Thứ {s} ({d}/{m}), CSGT đã xử lý {n} trường hợp vi phạm trên QL1A, thu {money}đ.",
    # newsroom shapes (issue 13): dotted and bracketed dates, scores after teams, codes
    "Sáng {d}.{m}, tại Km {n}+{k}00 QL1A, xe BKS {s}{s}A-{n}.{q}{p} gặp nạn; gọi 113.",
    "Hà Nội FC - Bình Định ({s}-{t}): chiều qua ({d}-{m}), cổ động viên từ {d}.{m} đến {d2}.{m}.",
    "Theo {n}/{y}/QĐ-TTg, HTX (hợp tác xã) trả {p},{q}5 USD/kg; địa chỉ IP 10.{s}.{t}.{n}.",
)


def article(size: int, seed: int = 7) -> str:
    """A generated article of about ``size`` characters made of the templates above."""
    rng = random.Random(seed)
    paragraphs = []
    length = 0
    while length < size:
        sentences = []
        for _ in range(5):
            template = rng.choice(TEMPLATES)
            sentence = template.format(
                d=rng.randint(1, 28),
                d2=rng.randint(28, 30),
                m=rng.randint(1, 12),
                y=rng.randint(1990, 2030),
                y2=rng.randint(2031, 2040),
                h=rng.randint(0, 23),
                mi=f"{rng.randint(0, 59):02d}",
                n=rng.randint(2, 999),
                k=rng.randint(1, 9),
                p=rng.randint(1, 99),
                q=rng.randint(1, 9),
                s=rng.randint(1, 9),
                t=rng.randint(2, 9),
                money=f"{rng.randint(1, 999)}.{rng.randint(0, 999):03d}",
            )
            sentences.append(sentence)
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def run_once(text: str) -> float:
    started = time.perf_counter()
    for sentence in split_sentences(text):
        verbalize(sentence)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    text = article(int(options.megabytes * 1_000_000))
    digits = sum(char.isdigit() for char in text)
    print(f"text: {len(text):,} characters, {digits / len(text):.1%} digits")
    seconds = [run_once(text) for _ in range(options.runs)]
    median = statistics.median(seconds)
    print("runs (s): " + ", ".join(f"{value:.3f}" for value in seconds))
    print(f"median: {median:.3f} s, {len(text) / median:,.0f} characters per second")


if __name__ == "__main__":
    main()
