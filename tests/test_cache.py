from pathlib import Path

from narrate.audio import ffmpeg_exe
from narrate.cache import SegmentCache, segment_key
from narrate.config import EngineSettings
from narrate.engines import create_engine


def speech(text: str) -> bytes:
    return create_engine(EngineSettings()).synthesize(text)


def test_segments_come_back_sample_exact(tmp_path: Path) -> None:
    clips = {segment_key("e", t): speech(t) for t in ("Một câu.", "Câu thứ hai dài hơn.")}
    with SegmentCache(tmp_path, ffmpeg_exe()) as cache:
        cache.store(clips, 22050)
    with SegmentCache(tmp_path, ffmpeg_exe()) as cache:
        loaded = cache.load([*clips, "unknown"])
    assert set(loaded) == set(clips)
    for key, pcm in clips.items():
        assert loaded[key] == (pcm, 22050)


def test_the_cache_is_stored_compactly_as_one_pack_per_run(tmp_path: Path) -> None:
    clips = {segment_key("e", str(n)): speech(f"Câu số {n} của bài báo.") for n in range(6)}
    with SegmentCache(tmp_path, ffmpeg_exe()) as cache:
        cache.store(clips, 22050)
    [pack] = (tmp_path / "packs").iterdir()
    assert pack.suffix == ".flac"
    assert pack.stat().st_size < 0.7 * sum(len(p) for p in clips.values())


def test_keys_depend_on_engine_identity_and_exact_text() -> None:
    assert segment_key("espeak:vi", "a") != segment_key("espeak:vi-x-south", "a")
    assert segment_key("espeak:vi", "a") != segment_key("espeak:vi", "a ")
    assert segment_key("espeak:vi", "a") == segment_key("espeak:vi", "a")


def test_prune_keeps_what_is_used_and_frees_unused_packs(tmp_path: Path) -> None:
    first = {segment_key("e", "1"): speech("Một.")}
    second = {segment_key("e", "2"): speech("Hai.")}
    with SegmentCache(tmp_path, ffmpeg_exe()) as cache:
        cache.store(first, 22050)
        cache.store(second, 22050)
        result = cache.prune(keep=set(first))
        assert (result.segments, result.packs) == (1, 1) and result.bytes_freed > 0
        assert cache.keys() == set(first)
        assert set(cache.load([*first, *second])) == set(first)
    assert len(list((tmp_path / "packs").iterdir())) == 1


def test_a_lost_pack_means_synthesizing_again_not_an_error(tmp_path: Path) -> None:
    clips = {segment_key("e", "1"): speech("Một.")}
    with SegmentCache(tmp_path, ffmpeg_exe()) as cache:
        cache.store(clips, 22050)
        for pack in (tmp_path / "packs").iterdir():
            pack.unlink()
        assert cache.load(clips) == {}
