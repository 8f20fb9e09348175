"""Many short, distinct articles in the provincial-news layout, for batch tests and benchmarks.

Each article is assembled from its own numbers and place names, so no two share a sentence
(a batch must really synthesize every one of them, not find it in the cache).
"""

from __future__ import annotations

from pathlib import Path

PLACES = (
    "Mỹ Tân", "Tân Thuận", "An Bình", "Hòa An", "Tịnh Thới", "Mỹ Trà", "Phú Thuận",
    "Tân Hội", "Bình Thành", "Long Hậu", "Tân Khánh Trung", "Mỹ Hiệp", "Phong Hòa",
)  # fmt: skip
WORKS = ("dãy phòng học", "cây cầu", "tuyến đường", "trạm y tế", "nhà văn hóa", "chợ")


def article_text(index: int, paragraphs: int = 2) -> str:
    """A short article (about 6 sentences) unique to ``index``."""
    place = PLACES[index % len(PLACES)]
    work = WORKS[index % len(WORKS)]
    day, month = 1 + index % 28, 1 + index % 12
    money = 2 + index * 0.3
    people = 120 + index * 7
    lines = [
        f"Xã {place} khánh thành {work} mới số {index + 1}",
        "",
        f"Cập nhật ngày: {day:02d}/{month:02d}/2021 08:{index % 60:02d}:00",
        "",
        f"ĐTO - Sáng {day}/{month}, xã {place} tổ chức lễ khánh thành {work} "
        f"với tổng vốn hơn {money:.1f} tỷ đồng.",
        "",
    ]
    for number in range(paragraphs):
        lines += [
            f"Công trình thứ {index + 1} phục vụ {people + number} người dân trong xã. "
            f"Đợt {number + 1}, địa phương huy động thêm {index + number + 3} tấn vật tư.",
            "",
        ]
    lines += ["MINH TÂM", ""]
    return "\n".join(lines)


def write_articles(folder: Path, count: int, paragraphs: int = 2) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"bai-{index:03d}.txt"
        path.write_text(article_text(index, paragraphs), encoding="utf-8")
        paths.append(path)
    return paths
