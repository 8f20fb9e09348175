"""The text front end: what to say (verbalize), sentence by sentence, in engine-sized pieces."""

from narrate.speech.normalize import verbalize
from narrate.speech.segment import cut_long
from narrate.speech.sentences import split_sentences

__all__ = ["cut_long", "split_sentences", "verbalize"]
