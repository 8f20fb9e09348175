"""The text front end: what to say (verbalize), sentence by sentence, in engine-sized pieces."""

from narrate.speech.check import CheckReport, check_text
from narrate.speech.lexicon import Lexicon
from narrate.speech.normalize import verbalize, verbalize_with_trace
from narrate.speech.segment import cut_long
from narrate.speech.sentences import split_sentences

__all__ = [
    "CheckReport",
    "Lexicon",
    "check_text",
    "cut_long",
    "split_sentences",
    "verbalize",
    "verbalize_with_trace",
]
