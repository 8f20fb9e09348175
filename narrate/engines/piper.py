"""Offline neural voices: piper-tts (VITS models run by onnxruntime) in-process.

A voice is a model file ``X.onnx`` with its config ``X.onnx.json`` beside it, either downloaded
into the data folder (``narrate voices download piper vi_VN-vais1000-medium``, then ``voice =
"vi_VN-vais1000-medium"``) or anywhere on disk (``[engine] model = "…/X.onnx"``). Models are big,
so each is loaded once per process and shared by every engine that names it; onnxruntime
already uses every core, so calls run one at a time.

piper phonemizes text with its own copy of espeak-ng (the ``piper.espeakbridge`` extension,
espeak-ng linked in statically, its symbols exported), while the espeak engine ctypes-loads
the ``espeakng-loader`` wheel's libespeak-ng. Both copies live happily in one process as long
as neither is in the global symbol scope, because the bridge calls its own espeak functions
through the PLT: a libespeak-ng loaded with ``RTLD_GLOBAL`` before the bridge takes those
calls over (a crash), and a bridge loaded with ``RTLD_GLOBAL`` takes over libespeak-ng's own
calls (the espeak engine then returns silence). So the bridge is imported here, before piper
would import it itself, always ``RTLD_LOCAL``, and with ``RTLD_DEEPBIND`` (its own symbols
first) when some libespeak-ng is already global.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib
import json
import os
import re
import sys
import threading
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Any

from narrate.engines import EngineInfo, Voice, check_rate
from narrate.errors import EngineError
from narrate.voicedata import PIPER_VIETNAMESE_VOICES, voices_dir

__all__ = ["DEFAULT_DOWNLOAD", "PiperEngine", "installed_voices", "load_count"]

DEFAULT_DOWNLOAD = "vi_VN-vais1000-medium"
_HOW = (
    f"download one with `narrate voices download piper {DEFAULT_DOWNLOAD}` and set "
    f'[engine] voice = "{DEFAULT_DOWNLOAD}", or set [engine] model = "…/voice.onnx"'
)
# A voice named in a feed becomes a file name in the voices folder: no slashes, no leading dot.
_VOICE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_CATALOGUE_NAME = re.compile(r"[a-z]{2,3}_[A-Z]{2}-[A-Za-z0-9_]+-[a-z_]+")  # vi_VN-vivos-x_low
_MODEL_INPUTS = {"input", "input_lengths", "scales"}  # what every piper VITS export takes
_HASH_CHUNK = 1024 * 1024
# A real voice is 20–110 MB: hashing all of it would cost a tenth of a second at every start.
# Above this size the digest reads the size and evenly spread samples (2 MB in all): weights
# fill the whole file, so another or retrained voice differs in every sample.
_FULL_HASH_LIMIT = 8 * 1024 * 1024
_SAMPLES = 32
_SAMPLE_BYTES = 64 * 1024


def _model_digest(path: Path) -> Any:
    """SHA-256 over the model (all of it when small, spread samples of a large one)."""
    digest = hashlib.sha256()
    size = path.stat().st_size
    with path.open("rb") as file:
        if size <= _FULL_HASH_LIMIT:
            while block := file.read(_HASH_CHUNK):
                digest.update(block)
            return digest
        digest.update(str(size).encode())
        step = (size - _SAMPLE_BYTES) // (_SAMPLES - 1)
        for index in range(_SAMPLES):
            file.seek(index * step)
            digest.update(file.read(_SAMPLE_BYTES))
    return digest


# -- models, loaded once per process ------------------------------------------------------------


@dataclass(frozen=True)
class _Model:
    """A loaded voice and what narrate needs to know about it."""

    voice: Any  # piper.PiperVoice
    path: Path
    sample_rate: int
    num_speakers: int
    default_speaker: int
    length_scale: float  # the voice's own pace, before narrate's rate
    digest: str  # SHA-256 over the model's and the config's bytes: what the voice sounds like
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False)


_models: dict[tuple[str, int, int, int, int], _Model] = {}
_models_lock = threading.Lock()
_loads = 0
_bridge_lock = threading.Lock()


def load_count() -> int:
    """How many times this process has loaded a model (tests check that it happens once)."""
    return _loads


def _shared_model(path: Path) -> _Model:
    """The model at ``path``, loaded on first use and again only when a file changes."""
    global _loads
    model_path = path.expanduser().resolve()
    config_path = Path(f"{model_path}.json")
    with _models_lock:
        key = (str(model_path), *_signature(model_path, config_path))
        cached = _models.get(key)
        if cached is not None:
            return cached
        model = _load(model_path, config_path)
        if (str(model_path), *_signature(model_path, config_path)) != key:
            raise EngineError(f"piper model {model_path} changed while loading: try again")
        # A changed file replaces its old model: a re-downloaded voice does not stay twice.
        for old in [k for k in _models if k[0] == key[0]]:
            del _models[old]
        _models[key] = model
        _loads += 1
        return model


def _signature(model: Path, config: Path) -> tuple[int, int, int, int]:
    """Size and modification time of both files: what says a voice changed on disk."""
    try:
        model_stat = model.stat()
    except FileNotFoundError:
        raise EngineError(f"piper model {model} does not exist: {_HOW}") from None
    except OSError as exc:
        raise EngineError(f"cannot read piper model {model} ({_one_line(exc)})") from None
    if not model.is_file():
        raise EngineError(f"piper model {model} is not a file: name the voice's .onnx file")
    try:
        config_stat = config.stat()
    except FileNotFoundError:
        raise EngineError(
            f"piper model {model} has no {config.name} beside it: a piper voice is two files, "
            "download both again"
        ) from None
    except OSError as exc:
        raise EngineError(f"cannot read piper config {config} ({_one_line(exc)})") from None
    return model_stat.st_size, model_stat.st_mtime_ns, config_stat.st_size, config_stat.st_mtime_ns


def _load(model_path: Path, config_path: Path) -> _Model:
    try:
        piper = importlib.import_module("piper")
    except Exception as exc:  # a broken install: say so, do not crash
        raise EngineError(
            f"piper engine needs the piper-tts package ({_one_line(exc)}): pip install piper-tts"
        ) from None
    _import_espeak_bridge()
    try:
        config_bytes = config_path.read_bytes()
    except OSError as exc:
        raise EngineError(f"cannot read piper config {config_path} ({_one_line(exc)})") from None
    settings = _checked_config(config_path, config_bytes)
    try:
        digest = _model_digest(model_path)
    except OSError as exc:
        raise EngineError(f"cannot read piper model {model_path} ({_one_line(exc)})") from None
    digest.update(hashlib.sha256(config_bytes).digest())
    try:
        voice = piper.PiperVoice.load(model_path, config_path=config_path)
    except Exception as exc:  # onnxruntime's protobuf and graph errors have no common base
        raise EngineError(
            f"piper model {model_path} cannot be loaded ({_one_line(exc)}): "
            "it is damaged or not a piper voice; download it again"
        ) from None
    inputs = {entry.name for entry in voice.session.get_inputs()}
    wanted = _MODEL_INPUTS | ({"sid"} if settings["num_speakers"] > 1 else set())
    if not wanted <= inputs:
        raise EngineError(
            f"piper model {model_path} is not a piper voice (it takes {', '.join(sorted(inputs))}"
            f" instead of {', '.join(sorted(wanted))}); download the voice again"
        )
    return _Model(
        voice=voice, path=model_path, sample_rate=settings["sample_rate"],
        num_speakers=settings["num_speakers"], default_speaker=settings["default_speaker"],
        length_scale=settings["length_scale"], digest=digest.hexdigest(),
    )  # fmt: skip


def _checked_config(path: Path, raw: bytes) -> dict[str, Any]:
    """What narrate reads from a voice's ``.onnx.json``, with one line for each way it is bad."""
    try:
        config = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise EngineError(
            f"piper config {path} is not UTF-8 text: download the voice again"
        ) from None
    except ValueError as exc:
        line = getattr(exc, "lineno", "?")
        raise EngineError(
            f"piper config {path} is not valid JSON (line {line}): download the voice again"
        ) from None
    if not isinstance(config, dict):
        raise EngineError(f"piper config {path} is not a voice config: download the voice again")
    try:
        from piper.config import PiperConfig

        parsed = PiperConfig.from_dict(config)
    except KeyError as exc:
        raise EngineError(
            f"piper config {path} has no {exc.args[0]!r}: download the voice again"
        ) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise EngineError(
            f"piper config {path} is not a voice config ({_one_line(exc)}): "
            "download the voice again"
        ) from None
    rate, speakers = parsed.sample_rate, parsed.num_speakers
    if not isinstance(rate, int) or isinstance(rate, bool) or not 4000 <= rate <= 192000:
        raise EngineError(f"piper config {path} gives a bad sample rate ({rate!r})")
    if not isinstance(speakers, int) or isinstance(speakers, bool) or speakers < 1:
        raise EngineError(f"piper config {path} gives a bad number of speakers ({speakers!r})")
    scale = parsed.length_scale
    if not isinstance(scale, int | float) or isinstance(scale, bool) or not scale > 0:
        raise EngineError(f"piper config {path} gives a bad length_scale ({scale!r})")
    return {
        "sample_rate": rate, "num_speakers": speakers, "length_scale": float(scale),
        "default_speaker": parsed.default_speaker_id,
    }  # fmt: skip


def _import_espeak_bridge() -> None:
    """Load piper's espeak-ng bridge so that it and the espeak engine's library stay apart."""
    with _bridge_lock:
        if "piper.espeakbridge" in sys.modules:
            return
        flags = sys.getdlopenflags()
        wanted = os.RTLD_NOW | os.RTLD_LOCAL
        if _global_espeak():
            wanted |= getattr(os, "RTLD_DEEPBIND", 0)
        sys.setdlopenflags(wanted)
        try:
            importlib.import_module("piper.espeakbridge")
        except Exception as exc:
            raise EngineError(
                f"piper's espeak-ng bridge cannot be loaded ({_one_line(exc)}): reinstall piper-tts"
            ) from None
        finally:
            sys.setdlopenflags(flags)


def _global_espeak() -> bool:
    """Whether some library already put espeak-ng's functions in the global symbol scope."""
    try:
        return hasattr(ctypes.CDLL(None), "espeak_Initialize")
    except OSError:  # pragma: no cover - no dlopen(NULL) on this platform
        return False


# -- the engine ---------------------------------------------------------------------------------


@dataclass
class PiperEngine:
    """A piper voice: natural-sounding and offline, after a one-time download of the model."""

    voice: str | None = None
    rate: float = 1.0
    _: KW_ONLY
    model: str | None = None  # path to X.onnx (X.onnx.json beside it), instead of a voice name
    speaker: int | None = None  # multi-speaker voices: which one (default: the voice's own)
    name: str = field(default="piper", init=False)
    sample_rate: int = field(default=0, init=False)  # the model's own, from its config
    max_chars: int = field(default=400, init=False)
    parallel: str = field(default="inside", init=False)
    max_concurrency: int = field(default=1, init=False)
    offline: bool = field(default=True, init=False)

    @classmethod
    def describe(cls, *, check_network: bool = True) -> EngineInfo:
        """Installed voices (any language) and the Vietnamese ones that can be downloaded."""
        folder = voices_dir("piper")
        installed = installed_voices(folder)
        names = {voice.name for voice in installed}
        downloadable = [
            Voice(name, "vi-VN", description, installed=False)
            for name, description in PIPER_VIETNAMESE_VOICES.items()
            if name not in names
        ]
        voices = (*installed, *downloadable)
        try:
            importlib.import_module("piper")
        except Exception as exc:
            why = (
                f"the piper-tts package does not load ({_one_line(exc)}): "
                "pip install 'narrate[piper]'"
            )
            return EngineInfo("piper", True, voices, usable=False, why=why)
        if not installed:
            why = (
                f"no piper voice is installed in {folder}: run "
                f"`narrate voices download piper {DEFAULT_DOWNLOAD}`"
            )
            return EngineInfo("piper", True, voices, usable=False, why=why)
        return EngineInfo(
            "piper", True, voices, usable=True,
            summary="piper: natural neural voices, offline after a one-time download",
        )  # fmt: skip

    def __post_init__(self) -> None:
        check_rate(self.rate)
        if self.speaker is not None and (
            not isinstance(self.speaker, int) or isinstance(self.speaker, bool) or self.speaker < 0
        ):
            raise EngineError(f"piper speaker must be a whole number from 0, got {self.speaker!r}")
        if self.model is not None:
            if not isinstance(self.model, str | os.PathLike) or not str(self.model).strip():
                raise EngineError(f"piper model must be a file path, got {self.model!r}")
            path = Path(self.model).expanduser()
            stem = path.name.removesuffix(".onnx")
            if self.voice is not None and self.voice != stem:
                raise EngineError(
                    f"piper got both voice {self.voice!r} and model {str(path)!r}: "
                    "give one (voice for a downloaded voice, model for a file)"
                )
            self.voice = stem
        elif self.voice is not None:
            path = _installed_path(self.voice)
        else:
            raise EngineError(f"piper needs a voice: {_HOW}{_installed_hint()}")
        self._model = _shared_model(path)
        model = self._model
        self.sample_rate = model.sample_rate
        if self.speaker is not None and self.speaker >= model.num_speakers:
            has = (
                "one speaker (leave speaker out)"
                if model.num_speakers == 1
                else (f"speakers 0 to {model.num_speakers - 1}")
            )
            raise EngineError(
                f"piper voice {self.voice} has no speaker {self.speaker}: it has {has}"
            )

    @property
    def length_scale(self) -> float:
        """The rate mapped onto piper's length_scale: 2.0 speaks twice as fast, 0.5 half."""
        return self._model.length_scale / self.rate

    @property
    def speaker_id(self) -> int | None:
        """The speaker piper will use; None for a single-speaker voice."""
        if self._model.num_speakers <= 1:
            return None
        return self._model.default_speaker if self.speaker is None else self.speaker

    def identity(self) -> str:
        speaker = "-" if self.speaker_id is None else str(self.speaker_id)
        return f"piper:{self._model.digest[:24]}:speaker={speaker}:length={self.length_scale:.4f}"

    def synthesize(self, text: str) -> bytes:
        """Mono s16le PCM at ``sample_rate``: piper's sentences (peak-normalized) joined."""
        if not any(ch.isalnum() for ch in text):
            return b""
        # "[[ … ]]" is piper's raw-phoneme syntax: article text must never switch it on.
        while "[[" in text:
            text = text.replace("[[", "[")
        from piper import SynthesisConfig

        settings = SynthesisConfig(speaker_id=self.speaker_id, length_scale=self.length_scale)
        model = self._model
        with model.lock:
            try:
                chunks = list(model.voice.synthesize(text, syn_config=settings))
                pcm = b"".join(chunk.audio_int16_bytes for chunk in chunks)
            except Exception as exc:  # onnxruntime and the bridge raise their own kinds
                raise EngineError(
                    f"piper voice {self.voice} could not speak a segment ({_one_line(exc)})"
                ) from None
        if any(chunk.sample_rate != self.sample_rate for chunk in chunks):
            raise EngineError(f"piper voice {self.voice} changed its sample rate mid-segment")
        return pcm


# -- the voices folder --------------------------------------------------------------------------


def installed_voices(folder: Path) -> list[Voice]:
    """The voices in ``folder`` (a ``.onnx`` is a voice), described from their ``.onnx.json``."""
    try:
        models = sorted(p for p in folder.glob("*.onnx") if not p.name.startswith("."))
    except OSError:
        return []
    voices = []
    for model in models:
        name = model.name.removesuffix(".onnx")
        try:
            config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
            if not isinstance(config, dict):
                raise ValueError("not an object")
        except (OSError, ValueError):
            language = _language(name, {})
            voices.append(Voice(name, language, f"its {model.name}.json is missing or broken"))
            continue
        voices.append(Voice(name, _language(name, config), _description(config)))
    return voices


def _installed_path(voice: str) -> Path:
    if not isinstance(voice, str) or not _VOICE_NAME.fullmatch(voice):
        raise EngineError(
            f"{voice!r} is not a piper voice name: use a downloaded voice's name such as "
            f"{DEFAULT_DOWNLOAD}, or [engine] model for a file"
        )
    path = voices_dir("piper") / f"{voice}.onnx"
    if not path.is_file():
        hint = _installed_hint()
        if _CATALOGUE_NAME.fullmatch(voice):  # a name piper publishes voices under
            raise EngineError(
                f"piper voice {voice} is not installed: run "
                f"`narrate voices download piper {voice}`{hint}"
            )
        raise EngineError(f"piper has no voice {voice!r}{hint}: {_HOW}")
    return path


def _installed_hint() -> str:
    names = [voice.name for voice in installed_voices(voices_dir("piper"))]
    return f" (installed: {', '.join(names)})" if names else ""


def _language(name: str, config: dict[str, Any]) -> str:
    """BCP 47 from the config's ``language.code`` ("vi_VN" → "vi-VN"), else the voice's name."""
    language = config.get("language")
    code = language.get("code") if isinstance(language, dict) else None
    if not isinstance(code, str) or not code:
        code = name.split("-", 1)[0]
    espeak = config.get("espeak")
    if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", code) and isinstance(espeak, dict):
        code = str(espeak.get("voice", code))
    return code.replace("_", "-")


def _description(config: dict[str, Any]) -> str:
    found = config.get("audio")
    audio: dict[str, Any] = found if isinstance(found, dict) else {}
    parts = []
    if audio.get("quality"):
        parts.append(f"{audio['quality']} quality")
    if isinstance(audio.get("sample_rate"), int):
        parts.append(f"{audio['sample_rate'] / 1000:g} kHz")
    speakers = config.get("num_speakers")
    if isinstance(speakers, int) and speakers > 1:
        parts.append(f"{speakers} speakers (speaker = 0 … {speakers - 1})")
    return ", ".join(parts)


def _one_line(exc: BaseException) -> str:
    """An exception's message on one short line (onnxruntime's span several)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 240 else text[:237] + "…"
