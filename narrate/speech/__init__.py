"""The text front end: what to say (verbalize), sentence by sentence, in engine-sized pieces.

Names are imported on first use: a process that only needs the lexicon type (the config, an
engine's worker) does not pay for the normalizer's tables at start-up.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "CheckReport": "narrate.speech.check",
    "check_text": "narrate.speech.check",
    "Lexicon": "narrate.speech.lexicon",
    "verbalize": "narrate.speech.normalize",
    "verbalize_with_trace": "narrate.speech.normalize",
    "cut_long": "narrate.speech.segment",
    "split_sentences": "narrate.speech.sentences",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'narrate.speech' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
