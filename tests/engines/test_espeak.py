import pytest

from narrate.config import EngineSettings
from narrate.engines import create_engine
from narrate.engines.espeak import VOICES
from narrate.errors import EngineError

TEXT = "Sáng nay, hội nông dân huyện tổ chức hội thảo về giống lúa mới."


def seconds(pcm: bytes, rate: int) -> float:
    return len(pcm) / 2 / rate


def test_espeak_is_the_default_engine_and_speaks_vietnamese() -> None:
    engine = create_engine(EngineSettings())
    assert engine.name == "espeak" and engine.voice == "north"
    pcm = engine.synthesize(TEXT)
    assert engine.sample_rate == 22050
    assert 2.0 < seconds(pcm, engine.sample_rate) < 10.0
    assert max(abs(int.from_bytes(pcm[i : i + 2], "little", signed=True))
               for i in range(0, len(pcm), 200)) > 1000  # fmt: skip


@pytest.mark.parametrize("voice", ["north", "central", "south"])
def test_every_vietnamese_voice_speaks(voice: str) -> None:
    engine = create_engine(EngineSettings(voice=voice))
    assert seconds(engine.synthesize(TEXT), engine.sample_rate) > 2.0


def test_each_voice_has_its_own_identity_for_the_cache() -> None:
    identities = {create_engine(EngineSettings(voice=v)).identity() for v in VOICES}
    assert len(identities) == 3


def test_a_faster_rate_gives_shorter_speech() -> None:
    slow = create_engine(EngineSettings(rate=0.7))
    fast = create_engine(EngineSettings(rate=1.6))
    slow_s = seconds(slow.synthesize(TEXT), slow.sample_rate)
    fast_s = seconds(fast.synthesize(TEXT), fast.sample_rate)
    assert fast_s < slow_s * 0.7
    assert slow.identity() != fast.identity()


def test_an_unknown_voice_is_one_clear_line() -> None:
    with pytest.raises(EngineError, match=r"no voice 'hanoi'.*north, central, south"):
        create_engine(EngineSettings(voice="hanoi"))


def test_an_unknown_engine_lists_the_known_ones() -> None:
    with pytest.raises(EngineError, match=r"unknown engine 'festival'.*espeak"):
        create_engine(EngineSettings(name="festival"))
