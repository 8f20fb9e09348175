"""A feed that sounds like a programme: a voice per part, jingles, broadcast delivery.

Everything runs for real: espeak, gTTS's own code against a local stand-in for Google, ffmpeg
for every measurement, Python's ``wave`` reader for the broadcast file.
"""

from __future__ import annotations

import struct
import subprocess
import wave
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from narrate import audio
from narrate.catalog import Catalog
from narrate.config import Broadcast, EngineSettings, Programme, load_feed
from narrate.engines.espeak import EspeakEngine
from narrate.errors import AudioError, ConfigError
from narrate.models import Article, Block
from narrate.pipeline import Publisher
from narrate.publish.layout import broadcast_name, side_name
from tests.conftest import edit_feed
from tests.fake_google import FakeGoogle

TARGET = audio.AudioFormat().target_lufs
SPEECH = (
    "Bà con nông dân trong xã đã chủ động chuẩn bị giống lúa, phân bón và nước tưới "
    "cho vụ mùa mới, theo hướng dẫn của cán bộ khuyến nông."
)


def article(paragraphs: int = 3, caption_sentences: int = 3) -> Article:
    """An article with body paragraphs and a long caption, each 10 s or more when spoken."""
    body = tuple(
        Block(
            "paragraph",
            " ".join(
                f"Đợt {n + 1} năm nay, huyện hỗ trợ {120 + 7 * n + s} hộ gia đình ở ấp {s + 1} "
                "sửa chữa nhà ở và làm đường giao thông nông thôn."
                for s in range(4)
            ),
        )
        for n in range(paragraphs)
    )
    caption = Block(
        "caption",
        " ".join(
            f"Ảnh {s + 1}: cán bộ và người dân xã Mỹ Hiệp cùng nhau dọn dẹp kênh mương, "
            "trồng thêm hàng cây xanh dọc tuyến đường liên ấp."
            for s in range(caption_sentences)
        ),
    )
    return Article(
        title="Huyện hỗ trợ bà con sửa nhà trước mùa mưa",
        blocks=(Block("lead", SPEECH), body[0], caption, *body[1:]),
        published=datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
        author="MINH TÂM",
        source="test",
    )


def tone_file(folder: Path, name: str, seconds: float, volume_db: float) -> Path:
    path = folder / name
    subprocess.run(
        [audio.ffmpeg_exe(), "-v", "error", "-f", "lavfi",
         "-i", f"sine=frequency=660:duration={seconds}", "-af", f"volume={volume_db}dB",
         "-ar", "44100", "-ac", "2", str(path)],
        check=True,
    )  # fmt: skip
    return path


def quiet_speech_mp3(gain_db: float) -> bytes:
    """Real speech (espeak) made much quieter than espeak's own level, as Google's MP3."""
    engine = EspeakEngine(voice="south")
    pcm = audio.apply_gain(engine.synthesize(SPEECH), gain_db)
    return subprocess.run(
        [audio.ffmpeg_exe(), "-v", "error", "-f", "s16le", "-ar", str(engine.sample_rate),
         "-ac", "1", "-i", "pipe:0", "-ar", "24000", "-c:a", "libmp3lame", "-b:a", "48k",
         "-f", "mp3", "pipe:1"],
        input=pcm, capture_output=True, check=True,
    ).stdout  # fmt: skip


def decode(mp3: Path, rate: int = 22050) -> bytes:
    return subprocess.run(
        [audio.ffmpeg_exe(), "-v", "error", "-i", str(mp3), "-f", "s16le", "-ac", "1",
         "-ar", str(rate), "pipe:1"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip


def part_spans(publisher: Publisher, guid: str) -> list[tuple[str, float, float]]:
    """(kind, start, end) of every script part, from the timeline the catalog keeps."""
    with Catalog(publisher.paths.catalog) as catalog:
        episode = catalog.get(guid)
    assert episode is not None and episode.timeline
    spans: dict[int, list[float]] = {}
    kinds: dict[int, str] = {}
    for segment in episode.timeline:
        span = spans.setdefault(segment.part_index, [segment.start, segment.end])
        span[0], span[1] = min(span[0], segment.start), max(span[1], segment.end)
        kinds[segment.part_index] = segment.kind
    return [(kinds[i], *spans[i]) for i in sorted(spans)]  # type: ignore[misc]


def loudness_of(pcm: bytes, start: float, end: float, rate: int = 22050) -> float:
    piece = pcm[round(start * rate) * 2 : round(end * rate) * 2]
    return audio.measure(piece, rate, audio.ffmpeg_exe()).integrated


# --- configuration ---------------------------------------------------------------------------


def test_parts_inherit_the_feed_engine_or_start_from_their_own(feeds_dir: Path) -> None:
    edit_feed(
        feeds_dir,
        tables="""
[parts.title]
voice = "south"
[parts.captions]
engine = "gtts"
[parts.credits]
rate = 1.0
""",
    )
    config = load_feed("test", feeds_dir)
    main = config.engine
    assert config.parts["title"] == replace(main, voice="south")
    # Another engine does not inherit espeak's voice, but keeps the feed's rate.
    assert config.parts["captions"] == EngineSettings("gtts", None, main.rate, main.politeness)
    assert config.parts["credits"] == replace(main, rate=1.0)
    assert config.engine_for("title").voice == "south"
    assert config.engine_for("paragraph") == main
    assert config.engine_for("caption").name == "gtts"
    assert config.engine_for("closing").rate == 1.0
    assert len(config.all_engines()) == 4
    # A flag naming the engine or voice speaks the whole episode with it; --rate applies to all.
    assert config.with_engine(name="gtts").parts == {}
    assert config.with_engine(voice="central").parts == {}
    assert {p.rate for p in config.with_engine(rate=0.9).parts.values()} == {0.9}


def test_a_part_that_says_nothing_new_is_no_part(feeds_dir: Path) -> None:
    edit_feed(feeds_dir, tables='[parts.body]\nvoice = "north"\n')
    assert load_feed("test", feeds_dir).parts == {}


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ('[parts.header]\nvoice = "x"\n', 'unknown part "parts.header"'),
        ('[parts]\ntitle = "south"\n', '"parts.title" must be a table'),
        ('[parts.title]\nname = "gtts"\n', 'use "parts.title.engine"'),
        ("[parts.body]\nrate = 3\n", 'field "parts.body.rate"'),
        ('[parts.body]\nengine = ""\n', 'field "parts.body.engine" must be a non-empty string'),
        ('[programme]\nintro = "nowhere.mp3"\n', 'field "programme.intro": file'),
        ("[programme]\nintro_gap = -1\n", '"programme.intro_gap" must be 0 to 10 seconds'),
        ('[programme]\njingle = "x.mp3"\n', 'unknown field "programme.jingle"'),
        ("[broadcast]\nwav = 1\n", 'field "broadcast.wav" must be true or false'),
        ("[broadcast]\nloudness = -5\n", '"broadcast.loudness" must be −31 to −14 LUFS'),
        ("[broadcast]\nchannels = 6\n", '"broadcast.channels" must be 1 (mono) or 2'),
        ("[broadcast]\nbits = 32\n", '"broadcast.bits" must be 16 or 24'),
        ("[broadcast]\nsample_rate = 44100\n", "broadcast WAVs are 48000 Hz"),
        ("[broadcast]\nformat = 1\n", 'unknown field "broadcast.format"'),
    ],
)
def test_bad_programme_settings_name_the_field(feeds_dir: Path, tables: str, message: str) -> None:
    edit_feed(feeds_dir, tables=tables)
    with pytest.raises(ConfigError) as caught:
        load_feed("test", feeds_dir)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_jingles_resolve_next_to_the_feed_file(feeds_dir: Path) -> None:
    tone_file(feeds_dir, "in.wav", 1.0, -6)
    edit_feed(feeds_dir, tables='[programme]\nintro = "in.wav"\nintro_gap = 0.3\n')
    programme = load_feed("test", feeds_dir).programme
    assert programme == Programme(intro=feeds_dir / "in.wav", intro_gap=0.3)


def test_an_unknown_engine_setting_fails_with_the_settings_it_knows(
    feeds_dir: Path, output: Path, example: Path
) -> None:
    edit_feed(feeds_dir, tables="")
    text = (feeds_dir / "test.toml").read_text(encoding="utf-8")
    (feeds_dir / "test.toml").write_text(text.replace('voice = "north"', 'voise = "south"'))
    publisher = Publisher(load_feed("test", feeds_dir), output)
    with pytest.raises(Exception) as caught:
        publisher.publish(example)
    assert "engine espeak has no setting 'voise'" in str(caught.value)


# --- a voice per part -----------------------------------------------------------------------


@pytest.mark.slow
def test_two_engines_in_one_episode_meet_at_one_level(
    feeds_dir: Path, output: Path, google: FakeGoogle
) -> None:
    """Body by gTTS (a voice 16 dB quieter than espeak), title, caption and credits by espeak:
    every part of 10 s or more lands within ±1 LU of the target."""
    google.mp3 = quiet_speech_mp3(-16.0)
    edit_feed(feeds_dir, tables='[parts.body]\nengine = "gtts"\n[parts.captions]\nrate = 0.8\n')
    config = load_feed("test", feeds_dir)
    publisher = Publisher(config, output)
    result = publisher.publish(article())
    assert google.requests, "the body was spoken by gTTS"
    gtts_texts = {r.text for r in google.requests}
    assert not any("Ảnh" in text for text in gtts_texts), "the caption is espeak's"

    # The two voices really differ before they are matched: the test could fail.
    ff = audio.ffmpeg_exe()
    gtts_pcm = decode_mp3_bytes(google.mp3)
    espeak = EspeakEngine(voice="north", rate=0.8)
    raw_gtts = audio.measure(gtts_pcm, 24000, ff).integrated
    raw_espeak = audio.measure(espeak.synthesize(SPEECH), espeak.sample_rate, ff).integrated
    assert raw_espeak - raw_gtts > 10

    pcm = decode(result.audio_path)
    spans = part_spans(publisher, result.episode.guid)
    long_parts = [(kind, start, end) for kind, start, end in spans if end - start >= 10]
    kinds = {kind for kind, _, _ in long_parts}
    assert {"paragraph", "caption"} <= kinds, spans
    for kind, start, end in long_parts:
        level = loudness_of(pcm, start, end)
        assert abs(level - TARGET) <= 1.0, (kind, round(start, 1), level)
    assert abs(audio.measure(pcm, 22050, ff).integrated - TARGET) <= 1.0


def decode_mp3_bytes(mp3: bytes) -> bytes:
    return subprocess.run(
        [audio.ffmpeg_exe(), "-v", "error", "-f", "mp3", "-i", "pipe:0", "-f", "s16le",
         "-ac", "1", "-ar", "24000", "pipe:1"],
        input=mp3, capture_output=True, check=True,
    ).stdout  # fmt: skip


def test_parts_keep_their_own_cache_and_a_rerun_speaks_nothing(
    feeds_dir: Path, output: Path, google: FakeGoogle
) -> None:
    google.mp3 = quiet_speech_mp3(-6.0)
    edit_feed(feeds_dir, tables='[parts.title]\nengine = "gtts"\n')
    config = load_feed("test", feeds_dir)
    first = Publisher(config, output)
    done = first.publish(article(paragraphs=1, caption_sentences=1))
    title_calls = len(google.requests)
    assert {r.text for r in google.requests} >= {"Huyện hỗ trợ bà con sửa nhà trước mùa mưa."}
    assert first.engine_calls > title_calls  # the rest is espeak's
    again = Publisher(config, output)
    assert again.publish(article(paragraphs=1, caption_sentences=1)).status == "unchanged"
    # An edited body re-speaks only the new sentence; the title comes from the cache.
    edited = article(paragraphs=1, caption_sentences=1)
    edited = replace(edited, blocks=(*edited.blocks, Block("paragraph", "Câu mới được thêm.")))
    third = Publisher(config, output)
    result = third.publish(edited)
    assert result.status == "updated" and third.engine_calls == 1
    assert len(google.requests) == title_calls
    assert result.audio_path != done.audio_path


def test_an_unreachable_part_engine_fails_in_one_line_and_a_flag_saves_the_day(
    feeds_dir: Path, output: Path, google: FakeGoogle
) -> None:
    from tests.fake_google import Reply

    google.script(Reply(status=503))
    edit_feed(feeds_dir, tables='[parts.title]\nengine = "gtts"\n')
    config = load_feed("test", feeds_dir)
    publisher = Publisher(config, output)
    publisher.engine_with(config.parts["title"]).sleep = lambda _s: None  # type: ignore[attr-defined]
    with pytest.raises(Exception) as caught:
        publisher.publish(article(paragraphs=1, caption_sentences=1))
    assert "--engine espeak" in str(caught.value) and "\n" not in str(caught.value)
    assert not list((output / "test").glob("public/episodes/*.mp3"))
    offline = Publisher(config.with_engine(name="espeak"), output)
    assert offline.publish(article(paragraphs=1, caption_sentences=1)).status == "published"


# --- intro and outro --------------------------------------------------------------------------


def test_intro_and_outro_shift_every_time_and_match_the_speech(
    feeds_dir: Path, output: Path
) -> None:
    # The same clips with and without jingles: the second run takes them from the cache
    # (espeak's output varies by a few samples with what it spoke before).
    plain = Publisher(load_feed("test", feeds_dir), output)
    plain_result = plain.publish(article(paragraphs=1, caption_sentences=1))
    with Catalog(plain.paths.catalog) as catalog:
        before = catalog.get(plain_result.episode.guid)

    tone_file(feeds_dir, "intro.mp3", 3.0, 0.0)  # mastered loud, as jingles are
    tone_file(feeds_dir, "outro.wav", 2.0, -30.0)  # and a quiet one
    edit_feed(
        feeds_dir,
        tables='[programme]\nintro = "intro.mp3"\noutro = "outro.wav"\nintro_gap = 0.5\n',
    )
    config = load_feed("test", feeds_dir)
    publisher = Publisher(config, output)
    result = publisher.publish(article(paragraphs=1, caption_sentences=1))
    assert result.status == "updated" and publisher.engine_calls == 0
    assert result.audio_path.name != plain_result.audio_path.name

    with Catalog(publisher.paths.catalog) as catalog:
        after = catalog.get(result.episode.guid)
    assert before is not None and after is not None
    intro_seconds = len(audio.decode_sound(feeds_dir / "intro.mp3", 22050, audio.ffmpeg_exe()))
    shift = intro_seconds / 2 / 22050 + 0.5
    assert 3.4 < shift < 3.6
    for old, new in zip(before.timeline, after.timeline, strict=True):
        assert new.start - old.start == pytest.approx(shift, abs=0.01)
    # Duration grows by the jingles and their gaps (the outro replaces the last pause).
    assert after.duration > before.duration + shift + 2.0

    # Chapters: the opening starts at 0 (with the jingle); every later chapter moved.
    import json

    chapters_path = result.audio_path.parent / side_name(result.audio_path.name, "chapters")
    chapters = json.loads(chapters_path.read_text(encoding="utf-8"))["chapters"]
    assert chapters[0]["startTime"] == 0
    assert chapters[1]["startTime"] >= shift
    vtt = (result.audio_path.parent / side_name(result.audio_path.name, "vtt")).read_text()
    first_cue = next(line for line in vtt.splitlines() if "-->" in line)
    assert first_cue.startswith("00:00:03.") or first_cue.startswith("00:00:04.")

    # The loud intro and the quiet outro both meet the speech level.
    pcm = decode(result.audio_path)
    intro_level = loudness_of(pcm, 0.3, 2.8)
    speech_end = max(segment.end for segment in after.timeline)
    outro_level = loudness_of(pcm, speech_end + 1.0, speech_end + 2.6)
    speech_level = loudness_of(pcm, after.timeline[0].start, speech_end)
    assert abs(intro_level - speech_level) <= 1.5, (intro_level, speech_level)
    assert abs(outro_level - speech_level) <= 1.5, (outro_level, speech_level)


def test_a_jingle_that_is_not_audio_fails_in_one_line(feeds_dir: Path, output: Path) -> None:
    (feeds_dir / "intro.mp3").write_bytes(b"not audio at all")
    edit_feed(feeds_dir, tables='[programme]\nintro = "intro.mp3"\n')
    publisher = Publisher(load_feed("test", feeds_dir), output)
    with pytest.raises(AudioError) as caught:
        publisher.publish(article(paragraphs=1, caption_sentences=1))
    assert "cannot be read as audio" in str(caught.value) and "\n" not in str(caught.value)
    assert not list(output.glob("test/public/episodes/*"))


def test_a_jingle_longer_than_three_minutes_is_refused(tmp_path: Path) -> None:
    long = tone_file(tmp_path, "long.wav", 185.0, -20)
    with pytest.raises(AudioError, match="longer than 180 s"):
        audio.decode_sound(long, 22050, audio.ffmpeg_exe())


# --- broadcast delivery -----------------------------------------------------------------------


def bext_fields(path: Path) -> dict[str, object]:
    data = path.read_bytes()
    position = 12
    while position < len(data):
        ident, size = data[position : position + 4], struct.unpack_from("<I", data, position + 4)[0]
        body = data[position + 8 : position + 8 + size]
        if ident == b"bext":
            version = struct.unpack_from("<H", body, 346)[0]
            loudness = struct.unpack_from("<5h", body, 412)
            return {
                "description": body[:256].rstrip(b"\0").decode("ascii"),
                "originator": body[256:288].rstrip(b"\0").decode("ascii"),
                "date": body[320:330].decode("ascii"),
                "version": version,
                "loudness": loudness[0] / 100,
                "range": loudness[1] / 100,
                "true_peak": loudness[2] / 100,
                "history": body[602:].rstrip(b"\0").decode("ascii"),
            }
        position += 8 + size + (size & 1)
    raise AssertionError("no bext chunk")


def ebu_measure(path: Path) -> tuple[float, float]:
    import re

    stderr = subprocess.run(
        [audio.ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path),
         "-af", "ebur128=peak=true:framelog=quiet", "-f", "null", "-"],
        capture_output=True, check=True,
    ).stderr.decode()  # fmt: skip
    return (
        float(re.findall(r"I:\s+(-?[\d.]+) LUFS", stderr)[-1]),
        float(re.findall(r"Peak:\s+(-?[\d.]+) dBFS", stderr)[-1]),
    )


@pytest.mark.parametrize(("channels", "bits"), [(2, 24), (1, 16)])
def test_broadcast_wav_is_48k_at_ebu_r128_beside_the_mp3(
    feeds_dir: Path, output: Path, channels: int, bits: int
) -> None:
    edit_feed(feeds_dir, tables=f"[broadcast]\nwav = true\nchannels = {channels}\nbits = {bits}\n")
    config = load_feed("test", feeds_dir)
    assert config.broadcast == Broadcast(wav=True, channels=channels, bits=bits)
    publisher = Publisher(config, output)
    result = publisher.publish(article(paragraphs=1, caption_sentences=1))
    wav_path = result.audio_path.parent / broadcast_name(result.audio_path.name)
    with wave.open(str(wav_path)) as wav:
        assert wav.getframerate() == 48000
        assert wav.getnchannels() == channels
        assert wav.getsampwidth() == bits // 8
        seconds = wav.getnframes() / 48000
    assert seconds == pytest.approx(result.episode.duration, abs=0.05)
    integrated, true_peak = ebu_measure(wav_path)
    assert abs(integrated - -23.0) <= 0.5
    assert true_peak <= -1.0
    fields = bext_fields(wav_path)
    assert fields["version"] == 2
    assert fields["loudness"] == pytest.approx(integrated, abs=0.2)
    assert fields["true_peak"] == pytest.approx(true_peak, abs=0.3)
    assert fields["description"] == "Huyen ho tro ba con sua nha truoc mua mua"
    assert fields["originator"] == "Bao Thu Nghiem"
    assert f"F=48000,W={bits}" in str(fields["history"])

    # Linked from the episode page, never from the feed.
    pages = list((publisher.paths.public / "pages").glob("*.html"))
    assert len(pages) == 1 and wav_path.name in pages[0].read_text(encoding="utf-8")
    assert ".wav" not in publisher.paths.feed_xml.read_text(encoding="utf-8")


@pytest.mark.slow
def test_broadcast_wav_goes_with_its_episode(feeds_dir: Path, output: Path) -> None:
    edit_feed(feeds_dir, tables="[broadcast]\nwav = true\n")
    config = load_feed("test", feeds_dir)
    publisher = Publisher(config, output)
    result = publisher.publish(article(paragraphs=1, caption_sentences=1))
    wav_path = result.audio_path.parent / broadcast_name(result.audio_path.name)
    assert wav_path.is_file()
    # A lost WAV makes the episode incomplete: the next run makes it again (from the cache).
    wav_path.unlink()
    again = Publisher(config, output)
    redo = again.publish(article(paragraphs=1, caption_sentences=1))
    assert redo.status == "updated" and again.engine_calls == 0 and wav_path.is_file()
    # Turning broadcast off removes the WAVs at the next run; removing an episode removes its own.
    off = Publisher(replace(config, broadcast=Broadcast()), output)
    plain = off.publish(article(paragraphs=1, caption_sentences=1))
    assert not list(plain.audio_path.parent.glob("*.wav"))
    on = Publisher(config, output)
    back = on.publish(article(paragraphs=1, caption_sentences=1))
    assert list(back.audio_path.parent.glob("*.wav"))
    on.remove(back.episode.guid)
    assert not list(back.audio_path.parent.glob("*"))


def test_a_full_disk_while_writing_the_wav_is_one_line(tmp_path: Path) -> None:
    engine = EspeakEngine()
    join = audio.MeasuredJoin(audio.AudioFormat(), audio.ffmpeg_exe())
    join.add(audio.convert_rate(engine.synthesize(SPEECH), engine.sample_rate, 22050), 0.5)
    episode, loudness = join.finish()
    info = audio.BroadcastInfo("t", "o", "r", datetime(2026, 1, 1))
    with pytest.raises(AudioError) as caught:
        audio.write_broadcast_wav(episode, loudness, Path("/dev/full"), audio.ffmpeg_exe(), info)
    assert "disk is full" in str(caught.value)


@pytest.mark.slow
def test_piper_and_espeak_at_different_rates_mix_evenly_and_load_once(
    feeds_dir: Path, output: Path, tmp_path: Path
) -> None:
    """Piper's tone voice (16 kHz, every sentence peak-normalized to full scale) speaks the body,
    espeak (22.05 kHz) the rest; the model loads once however many episodes are made."""
    from narrate.engines.piper import load_count
    from tests.piper_voice import write_voice

    model = write_voice(tmp_path / "voice")
    edit_feed(feeds_dir, tables=f'[parts.body]\nengine = "piper"\nmodel = "{model}"\n')
    config = load_feed("test", feeds_dir)
    before = load_count()
    publisher = Publisher(config, output)
    result = publisher.publish(article())
    pcm = decode(result.audio_path)
    long_parts = [s for s in part_spans(publisher, result.episode.guid) if s[2] - s[1] >= 10]
    # The same article edited twice (each an update), by this run and by a new one.
    assert publisher.publish(article(paragraphs=2, caption_sentences=2)).status == "updated"
    assert Publisher(config, output).publish(article(paragraphs=1)).status == "updated"
    assert load_count() - before <= 1  # another test in this process may have loaded it
    assert publisher.part_engine("paragraph").sample_rate == 16000
    assert {"paragraph", "caption"} <= {kind for kind, _, _ in long_parts}
    for kind, start, end in long_parts:
        level = loudness_of(pcm, start, end)
        assert abs(level - TARGET) <= 1.0, (kind, round(start, 1), level)


@pytest.mark.slow
def test_a_batch_in_worker_processes_keeps_parts_jingles_and_broadcast(
    feeds_dir: Path, output: Path, tmp_path: Path
) -> None:
    """Worker processes get the whole programme (spawned: the settings travel pickled)."""
    from narrate.batch import publish_batch
    from tests.corpus import write_articles

    tone_file(feeds_dir, "in.wav", 1.0, -6)
    edit_feed(
        feeds_dir,
        tables='[parts.title]\nvoice = "south"\n[programme]\nintro = "in.wav"\n'
        "[broadcast]\nwav = true\n",
    )
    config = load_feed("test", feeds_dir)
    paths = write_articles(tmp_path / "articles", 3, paragraphs=1)
    summary = publish_batch(Publisher(config, output), [str(p) for p in paths], jobs=2)
    assert [o.status for o in summary.outcomes] == ["published"] * 3
    episodes = Publisher(config, output).episodes()
    assert len(episodes) == 3
    for episode in episodes:
        folder = output / "test" / "public" / "episodes"
        assert (folder / broadcast_name(episode.file_name)).is_file()
        assert episode.timeline[0].start > 1.0  # after the one-second intro and its gap
