"""The offline default: espeak-ng in-process, through the library shipped by ``espeakng-loader``.

No apt, no network, no subprocess: a small ctypes binding. espeak-ng keeps global state in
the C library, so calls in one process are serialized by a lock (parallelism means one worker
process per core, each with its own library state).
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field

from narrate.engines import EngineInfo, Voice, checked_voice
from narrate.errors import EngineError

VOICES: dict[str, str] = {
    "north": "vi",
    "central": "vi-vn-x-central",
    "south": "vi-vn-x-south",
}
DEFAULT_VOICE = "north"
NORMAL_WPM = 175  # espeak-ng's own default speaking rate
MIN_WPM, MAX_WPM = 80, 450

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INIT_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _Library:
    """The process's one espeak-ng instance; the C library cannot have two."""

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as exc:  # pragma: no cover - a broken install
            raise EngineError(
                "espeak engine needs the espeakng-loader package: pip install espeakng-loader"
            ) from exc
        try:
            lib = ctypes.CDLL(espeakng_loader.get_library_path())
        except OSError as exc:
            raise EngineError(f"cannot load libespeak-ng: {exc}") from None
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
            ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        # The wheel's built-in data path points nowhere: always pass it explicitly.
        data_path = espeakng_loader.get_data_path().encode()
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path, _INIT_DONT_EXIT)
        if rate <= 0:
            raise EngineError("espeak-ng failed to start (its voice data could not be loaded)")
        self.lib = lib
        self.sample_rate = rate
        self.lock = threading.Lock()
        self._pcm = bytearray()
        self._callback = _SynthCallback(self._collect)  # kept alive as long as the library
        lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav: ctypes.Array, count: int, events: int) -> int:
        if count > 0 and wav:
            self._pcm += ctypes.string_at(wav, count * 2)
        return 0

    def synthesize(self, text: str, voice_name: str, wpm: int) -> bytes:
        data = text.encode("utf-8")
        with self.lock:
            if self.lib.espeak_SetVoiceByName(voice_name.encode()) != 0:
                raise EngineError(f"espeak-ng has no voice {voice_name!r} in its data")
            self.lib.espeak_SetParameter(_PARAM_RATE, wpm, 0)
            self._pcm = bytearray()
            status = self.lib.espeak_Synth(
                data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
            )
            self.lib.espeak_Synchronize()
            if status != 0:
                raise EngineError(f"espeak-ng could not speak a segment (status {status})")
            return bytes(self._pcm)


_library: _Library | None = None
_library_lock = threading.Lock()


def _shared_library() -> _Library:
    global _library
    with _library_lock:
        if _library is None:
            _library = _Library()
        return _library


@dataclass
class EspeakEngine:
    """Vietnamese espeak-ng voices: robotic but intelligible, instant and fully offline."""

    voice: str | None = None
    rate: float = 1.0
    name: str = field(default="espeak", init=False)
    max_chars: int = field(default=400, init=False)
    parallel: str = field(default="processes", init=False)
    max_concurrency: int = field(default=1, init=False)
    offline: bool = field(default=True, init=False)

    @classmethod
    def describe(cls, *, check_network: bool = True) -> EngineInfo:
        """Its three Vietnamese voices; usable when the library loads (it ships as a wheel)."""
        voices = tuple(Voice(name, "vi-VN", f"espeak-ng {code}") for name, code in VOICES.items())
        try:
            _shared_library()
        except EngineError as exc:
            return EngineInfo("espeak", True, voices, usable=False, why=str(exc))
        return EngineInfo(
            "espeak", True, voices, usable=True,
            summary="espeak-ng: robotic but clear, instant, built in (the default)",
        )  # fmt: skip

    def __post_init__(self) -> None:
        voice = checked_voice("espeak", self.voice, VOICES, DEFAULT_VOICE, self.rate)
        self.voice = voice
        self._code = VOICES[voice]
        self._library = _shared_library()

    @property
    def sample_rate(self) -> int:
        return self._library.sample_rate

    @property
    def wpm(self) -> int:
        """The rate multiplier mapped onto espeak's words per minute."""
        return max(MIN_WPM, min(MAX_WPM, round(NORMAL_WPM * self.rate)))

    def identity(self) -> str:
        return f"espeak:{self._code}:wpm={self.wpm}"

    def synthesize(self, text: str) -> bytes:
        return self._library.synthesize(text, self._code, self.wpm)
