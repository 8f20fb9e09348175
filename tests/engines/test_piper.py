"""The piper engine with a tiny real voice (tests/piper_voice.py): piper's own loader, its bundled
espeak-ng phonemizer and onnxruntime all run for real; only the weights are a tone generator.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from narrate.config import EngineSettings
from narrate.engines import create_engine, describe_engine
from narrate.engines.piper import PiperEngine, load_count
from narrate.errors import EngineError
from narrate.voicedata import voices_dir
from tests.piper_voice import (
    FREQUENCY,
    NAME,
    SAMPLE_RATE,
    SPEAKER_STEP,
    build_model,
    expected_samples,
    sentence_ids,
    write_voice,
)

REPO = Path(__file__).resolve().parents[2]
TEXT = "Sáng nay, hội nông dân huyện tổ chức hội thảo về giống lúa mới."
TWO_SENTENCES = "Sáng nay, hội nông dân huyện tổ chức hội thảo. Giống lúa mới cho năng suất cao!"


@pytest.fixture
def model(tmp_path: Path) -> Path:
    return write_voice(tmp_path / "voice")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder of the user's own, as ``narrate voices download`` fills it."""
    folder = tmp_path / "data"
    monkeypatch.setenv("NARRATE_DATA_DIR", str(folder))
    return folder


def samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2")


def pitch(pcm: bytes, rate: int = SAMPLE_RATE) -> float:
    """The tone's frequency, from its zero crossings."""
    audio = samples(pcm).astype(np.int32)
    crossings = np.count_nonzero(np.diff(np.signbit(audio)))
    return crossings / 2 / (len(audio) / rate)


def expected_length(engine: PiperEngine, text: str, length_scale: float) -> int:
    """Bytes the tone voice must give for ``text``: every sentence piper finds, joined."""
    ids = sentence_ids(engine._model.voice, text)
    return 2 * sum(expected_samples(n, length_scale) for n in ids)


def one_line(exc: pytest.ExceptionInfo[EngineError]) -> str:
    message = str(exc.value)
    assert message and "\n" not in message, message
    return message


# -- speaking ------------------------------------------------------------------------------------


def test_speaks_every_sentence_through_piper_at_the_models_rate(model: Path) -> None:
    engine = PiperEngine(model=str(model))
    assert (engine.name, engine.voice, engine.sample_rate) == ("piper", NAME, SAMPLE_RATE)
    assert (engine.parallel, engine.max_concurrency, engine.offline) == ("inside", 1, True)
    pcm = engine.synthesize(TWO_SENTENCES)
    assert len(sentence_ids(engine._model.voice, TWO_SENTENCES)) == 2  # piper splits sentences
    assert len(pcm) == expected_length(engine, TWO_SENTENCES, 1.0)
    assert samples(pcm).max() == 32767  # piper peak-normalizes each sentence
    assert pitch(pcm) == pytest.approx(FREQUENCY, rel=0.02)


def test_create_engine_passes_the_feeds_model_setting(model: Path) -> None:
    engine = create_engine(EngineSettings(name="piper", options=(("model", str(model)),)))
    assert isinstance(engine, PiperEngine) and engine.sample_rate == SAMPLE_RATE
    assert engine.synthesize(TEXT) == PiperEngine(model=str(model)).synthesize(TEXT)


def test_an_unknown_setting_is_refused_with_the_engines_own_settings(model: Path) -> None:
    with pytest.raises(EngineError, match=r"no setting 'pitch'.*model, speaker") as exc:
        create_engine(EngineSettings(name="piper", options=(("pitch", 2),)))
    one_line(exc)


@pytest.mark.parametrize("text", ["", "   \n", " … ", " ... !? , "])
def test_nothing_to_say_is_no_audio(model: Path, text: str) -> None:
    assert PiperEngine(model=str(model)).synthesize(text) == b""


def test_article_text_cannot_switch_on_raw_phonemes(model: Path) -> None:
    engine = PiperEngine(model=str(model))
    # "[[ … ]]" would hand piper phonemes directly; article text is read as text.
    assert engine.synthesize("Xin chào [[ ʃʃʃʃʃʃʃʃʃʃ ]] bà con.") == engine.synthesize(
        "Xin chào [ ʃʃʃʃʃʃʃʃʃʃ ] bà con."
    )


def test_the_model_is_loaded_once_per_process(model: Path, tmp_path: Path) -> None:
    before = load_count()
    first = PiperEngine(model=str(model))
    create_engine(EngineSettings(name="piper", rate=1.5, options=(("model", str(model)),)))
    PiperEngine(model=str(model.parent / ".." / "voice" / model.name), rate=0.5)
    assert load_count() - before == 1
    assert first.synthesize(TEXT)  # still speaking after the others were made
    other = write_voice(tmp_path / "other")
    PiperEngine(model=str(other))
    assert load_count() - before == 2
    stat = model.stat()
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # the file was replaced
    PiperEngine(model=str(model))
    assert load_count() - before == 3


# -- rate, speakers, identity --------------------------------------------------------------------


@pytest.mark.parametrize("rate", [0.5, 2.0])
def test_the_rate_scales_the_duration(model: Path, rate: float) -> None:
    normal = PiperEngine(model=str(model))
    changed = PiperEngine(model=str(model), rate=rate)
    pcm = changed.synthesize(TWO_SENTENCES)
    assert len(pcm) == expected_length(changed, TWO_SENTENCES, 1 / rate)
    ratio = len(normal.synthesize(TWO_SENTENCES)) / len(pcm)
    assert ratio == pytest.approx(rate, rel=0.01)
    assert changed.identity() != normal.identity()


def test_the_voices_own_length_scale_is_the_normal_pace(tmp_path: Path) -> None:
    slow = PiperEngine(model=str(write_voice(tmp_path / "slow", length_scale=1.5)), rate=2.0)
    assert slow.length_scale == 0.75
    assert len(slow.synthesize(TEXT)) == expected_length(slow, TEXT, 0.75)


def test_a_speaker_of_a_multi_speaker_voice(tmp_path: Path) -> None:
    path = str(write_voice(tmp_path / "many", num_speakers=3))
    default, third = PiperEngine(model=path), PiperEngine(model=path, speaker=2)
    assert pitch(default.synthesize(TEXT)) == pytest.approx(FREQUENCY, rel=0.02)
    assert pitch(third.synthesize(TEXT)) == pytest.approx(FREQUENCY + 2 * SPEAKER_STEP, rel=0.02)
    assert default.identity() != third.identity()
    with pytest.raises(EngineError, match=r"no speaker 3: it has speakers 0 to 2") as exc:
        PiperEngine(model=path, speaker=3)
    one_line(exc)


@pytest.mark.parametrize("speaker", [-1, "2", True, 1.5])
def test_a_speaker_must_be_a_whole_number(model: Path, speaker: object) -> None:
    with pytest.raises(EngineError, match="speaker") as exc:
        PiperEngine(model=str(model), speaker=speaker)  # type: ignore[arg-type]
    one_line(exc)


def test_a_single_speaker_voice_has_no_other_speaker(model: Path) -> None:
    with pytest.raises(EngineError, match=r"no speaker 1: it has one speaker") as exc:
        PiperEngine(model=str(model), speaker=1)
    one_line(exc)


def test_identity_follows_the_models_bytes_not_its_path(model: Path, tmp_path: Path) -> None:
    original = PiperEngine(model=str(model)).identity()
    copy = tmp_path / "copy" / model.name
    copy.parent.mkdir()
    copy.write_bytes(model.read_bytes())
    Path(f"{copy}.json").write_bytes(Path(f"{model}.json").read_bytes())
    assert PiperEngine(model=str(copy)).identity() == original

    copy.write_bytes(build_model(frequency=2 * FREQUENCY))  # new weights, same size
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    changed = PiperEngine(model=str(copy))
    assert changed.identity() != original
    assert pitch(changed.synthesize(TEXT)) == pytest.approx(2 * FREQUENCY, rel=0.02)


def test_identity_follows_the_config(model: Path) -> None:
    original = PiperEngine(model=str(model)).identity()
    config = Path(f"{model}.json")
    settings = json.loads(config.read_text(encoding="utf-8"))
    settings["inference"]["noise_scale"] = 0.5  # sounds different on a real voice
    config.write_text(json.dumps(settings), encoding="utf-8")
    assert PiperEngine(model=str(model)).identity() != original


# -- choosing the voice --------------------------------------------------------------------------


def test_a_downloaded_voice_by_name(data_dir: Path) -> None:
    write_voice(voices_dir("piper"))
    engine = create_engine(EngineSettings(name="piper", voice=NAME))
    assert engine.voice == NAME and engine.sample_rate == SAMPLE_RATE
    by_path = PiperEngine(model=str(voices_dir("piper") / f"{NAME}.onnx"))
    assert engine.identity() == by_path.identity()
    assert engine.synthesize(TEXT)


def test_no_voice_and_no_model_says_how_to_get_one(data_dir: Path) -> None:
    with pytest.raises(EngineError) as exc:
        create_engine(EngineSettings(name="piper"))
    message = one_line(exc)
    assert "narrate voices download piper vi_VN-vais1000-medium" in message
    assert "model" in message


def test_a_voice_not_downloaded_says_how_to_download_it(data_dir: Path) -> None:
    write_voice(voices_dir("piper"))
    with pytest.raises(EngineError) as exc:
        PiperEngine(voice="vi_VN-vivos-x_low")
    message = one_line(exc)
    assert "narrate voices download piper vi_VN-vivos-x_low" in message
    assert f"installed: {NAME}" in message


def test_an_espeak_voice_name_is_not_a_piper_voice(data_dir: Path) -> None:
    with pytest.raises(EngineError, match=r"piper has no voice 'north'.*download") as exc:
        PiperEngine(voice="north")
    one_line(exc)


@pytest.mark.parametrize("name", ["../voices/x", "/etc/passwd", ".hidden", "a/b"])
def test_a_voice_name_cannot_leave_the_voices_folder(data_dir: Path, name: str) -> None:
    with pytest.raises(EngineError, match="is not a piper voice name") as exc:
        PiperEngine(voice=name)
    one_line(exc)


def test_voice_and_a_different_model_conflict(model: Path) -> None:
    with pytest.raises(EngineError, match="both voice 'north' and model") as exc:
        PiperEngine(voice="north", model=str(model))
    one_line(exc)
    assert PiperEngine(voice=NAME, model=str(model)).voice == NAME  # the same voice: fine


# -- broken models -------------------------------------------------------------------------------


def _missing_model(model: Path) -> Path:
    model.unlink()
    return model


def _missing_config(model: Path) -> Path:
    Path(f"{model}.json").unlink()
    return model


def _garbage_model(model: Path) -> Path:
    model.write_bytes(b"\x08\x07this is not a protobuf" * 10)
    return model


def _empty_model(model: Path) -> Path:
    model.write_bytes(b"")
    return model


def _not_a_voice(model: Path) -> Path:
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])
    graph = helper.make_graph([helper.make_node("Neg", ["x"], ["y"])], "neg", [x], [y])
    other = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    other.ir_version = 8
    model.write_bytes(other.SerializeToString())
    return model


def _bad_json(model: Path) -> Path:
    Path(f"{model}.json").write_text('{"audio": {"sample_rate": 16000},', encoding="utf-8")
    return model


def _json_not_a_config(model: Path) -> Path:
    Path(f"{model}.json").write_text('{"audio": {"sample_rate": 16000}}', encoding="utf-8")
    return model


def _json_a_list(model: Path) -> Path:
    Path(f"{model}.json").write_text("[1, 2]", encoding="utf-8")
    return model


def _bad_sample_rate(model: Path) -> Path:
    config = Path(f"{model}.json")
    settings = json.loads(config.read_text(encoding="utf-8"))
    settings["audio"]["sample_rate"] = 0
    config.write_text(json.dumps(settings), encoding="utf-8")
    return model


def _a_folder(model: Path) -> Path:
    folder = model.parent / "folder.onnx"
    folder.mkdir()
    Path(f"{folder}.json").write_text("{}", encoding="utf-8")
    return folder


BROKEN = {
    "missing model": (_missing_model, "does not exist: download one"),
    "missing config": (_missing_config, "has no vi_VN-test-x_low.onnx.json beside it"),
    "garbage model": (_garbage_model, "cannot be loaded .*damaged or not a piper voice"),
    "empty model": (_empty_model, "cannot be loaded"),
    "not a voice": (_not_a_voice, "is not a piper voice .*takes x instead of"),
    "bad json": (_bad_json, r"is not valid JSON \(line 1\)"),
    "json without keys": (_json_not_a_config, "has no 'num_symbols'"),
    "json list": (_json_a_list, "is not a voice config"),
    "bad sample rate": (_bad_sample_rate, "bad sample rate"),
    "a folder": (_a_folder, "is not a file"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_model_is_one_line(model: Path, case: str) -> None:
    breaks, says = BROKEN[case]
    path = breaks(model)
    with pytest.raises(EngineError, match=says) as exc:
        PiperEngine(model=str(path))
    assert str(path.name) in one_line(exc)


def test_a_model_that_fails_when_run_is_one_line(tmp_path: Path) -> None:
    engine = PiperEngine(model=str(write_voice(tmp_path / "bad", fails_at_run=True)))
    with pytest.raises(EngineError, match=r"could not speak a segment \(.*Reshape") as exc:
        engine.synthesize(TEXT)
    one_line(exc)


# -- narrate voices ------------------------------------------------------------------------------


def test_describe_with_no_voice_installed_says_how_to_download(data_dir: Path) -> None:
    info = PiperEngine.describe()
    assert not info.usable and info.offline
    assert "narrate voices download piper vi_VN-vais1000-medium" in info.why
    assert [(v.name, v.language, v.installed) for v in info.voices] == [
        ("vi_VN-vais1000-medium", "vi-VN", False),
        ("vi_VN-25hours_single-low", "vi-VN", False),
        ("vi_VN-vivos-x_low", "vi-VN", False),
    ]


def test_describe_lists_installed_voices_of_any_language(data_dir: Path) -> None:
    folder = voices_dir("piper")
    write_voice(folder, "vi_VN-vais1000-medium", sample_rate=22050)
    write_voice(folder, "en_US-lessac-medium", language="en_US", num_speakers=2)
    broken = write_voice(folder, "vi_VN-broken-low")
    Path(f"{broken}.json").write_text("{", encoding="utf-8")
    (folder / ".vi_VN-vivos-x_low.onnx.abc.part").write_bytes(b"half a download")
    info = describe_engine("piper")
    assert info.usable and not info.why
    voices = {v.name: v for v in info.voices}
    assert sorted(voices) == [
        "en_US-lessac-medium", "vi_VN-25hours_single-low", "vi_VN-broken-low",
        "vi_VN-vais1000-medium", "vi_VN-vivos-x_low",
    ]  # fmt: skip
    assert voices["vi_VN-vais1000-medium"].installed
    assert "22.05 kHz" in voices["vi_VN-vais1000-medium"].description
    assert voices["en_US-lessac-medium"].language == "en-US"
    assert "2 speakers" in voices["en_US-lessac-medium"].description
    assert voices["vi_VN-broken-low"].language == "vi-VN"
    assert "missing or broken" in voices["vi_VN-broken-low"].description
    assert not voices["vi_VN-vivos-x_low"].installed
    assert info.sorted_voices()[0].name == "vi_VN-broken-low"  # Vietnamese, installed, first


# -- espeak and piper in one process -------------------------------------------------------------

# Each scenario runs in a fresh interpreter: which copy of espeak-ng the dynamic loader binds
# is decided once per process. Steps: "espeak"/"piper" speak; "global-lib" loads the
# espeakng-loader library into the global symbol scope (as a careless plug-in might), and
# "global-flags" makes every later extension import RTLD_GLOBAL (as some applications do).
SCRIPT = r"""
import ctypes, hashlib, json, os, sys

text = sys.argv[3]
out = {}
for step in sys.argv[1].split(","):
    if step == "global-lib":
        import espeakng_loader
        ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_GLOBAL)
    elif step == "global-flags":
        sys.setdlopenflags(os.RTLD_NOW | os.RTLD_GLOBAL)
    elif step == "espeak":
        from narrate.engines.espeak import EspeakEngine
        engine = EspeakEngine()
        pcm = engine.synthesize(text)
        peak = max(abs(int.from_bytes(pcm[i:i + 2], "little", signed=True))
                   for i in range(0, len(pcm), 2)) if pcm else 0
        out["espeak"] = [len(pcm) / 2 / engine.sample_rate, peak]
    elif step == "piper":
        from narrate.engines.piper import PiperEngine
        engine = PiperEngine(model=sys.argv[2])
        out["piper"] = hashlib.sha256(engine.synthesize(text)).hexdigest()
print(json.dumps(out))
"""


def run_steps(steps: str, model: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, steps, str(model), TEXT],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, f"{steps}: exit {done.returncode}: {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """The tiny voice, and what each engine says in a process of its own."""
    model = write_voice(tmp_path_factory.mktemp("voice"))
    return model, {**run_steps("espeak", model), **run_steps("piper", model)}


@pytest.mark.parametrize(
    "steps",
    ["espeak,piper", "piper,espeak", "global-lib,piper,espeak", "global-flags,piper,espeak"],
)
def test_espeak_and_piper_both_speak_in_one_process(
    alone: tuple[Path, dict[str, object]], steps: str
) -> None:
    model, reference = alone
    together = run_steps(steps, model)
    assert together["piper"] == reference["piper"]  # the same phonemes, so the same audio
    seconds, peak = together["espeak"]  # type: ignore[misc]
    assert seconds == pytest.approx(reference["espeak"][0], abs=0.05)  # type: ignore[index]
    assert seconds > 2.0 and peak > 1000


def test_a_large_model_is_identified_by_spread_samples(tmp_path: Path) -> None:
    """Real voices are 20–110 MB: their digest reads samples, and still tells voices apart."""
    from narrate.engines.piper import _FULL_HASH_LIMIT, _SAMPLE_BYTES, _SAMPLES, _model_digest

    data = bytearray(os.urandom(_FULL_HASH_LIMIT + 3 * 1024 * 1024))
    first, copy = tmp_path / "a.onnx", tmp_path / "copy.onnx"
    first.write_bytes(data)
    copy.write_bytes(data)
    assert _model_digest(first).hexdigest() == _model_digest(copy).hexdigest()
    step = (len(data) - _SAMPLE_BYTES) // (_SAMPLES - 1)
    data[16 * step + 100] ^= 0xFF  # inside a sample: another voice
    copy.write_bytes(data)
    assert _model_digest(first).hexdigest() != _model_digest(copy).hexdigest()
    other = tmp_path / "longer.onnx"
    other.write_bytes(bytes(data) + b"\0")
    assert _model_digest(other).hexdigest() != _model_digest(copy).hexdigest()
