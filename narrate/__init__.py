"""narrate: turn written Vietnamese news into a podcast episode and feed."""

__version__ = "0.1.0"
