"""MP3 from an online voice → mono PCM, decoded by our ffmpeg through pipes (no temp files).

Online services (Google's, Microsoft's) send 24 kHz MP3. Decoding straight to the episode's
rate uses ffmpeg's resampler once instead of a second, poorer conversion later.
"""

from __future__ import annotations

import subprocess

from narrate.audio import ONE_THREAD, ffmpeg_exe
from narrate.errors import EngineError


def decode_mp3(mp3: bytes, sample_rate: int, *, tempo: float = 1.0, source: str) -> bytes:
    """MP3 → mono s16le at ``sample_rate``, stretched by ``tempo`` (atempo keeps the pitch).

    ``source`` names whose MP3 it is ("Google's") in the one-line error.
    """
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *ONE_THREAD,
               "-f", "mp3", "-i", "pipe:0"]  # fmt: skip
    if abs(tempo - 1.0) > 1e-6:
        command += ["-af", f"atempo={tempo:.6f}"]
    command += ["-f", "s16le", "-c:a", "pcm_s16le", "-ac", "1", "-ar", str(sample_rate),
                "pipe:1"]  # fmt: skip
    try:
        result = subprocess.run(command, input=mp3, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineError(f"ffmpeg could not decode {source} MP3: {exc}") from None
    if result.returncode != 0 or not result.stdout:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineError(
            f"ffmpeg could not decode {source} MP3: {lines[-1] if lines else 'no audio'}"
        )
    return result.stdout
