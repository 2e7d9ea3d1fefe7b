"""The Arabic text layer: normalisation with offset maps, sentences, tokens, numbers."""

from .normalize import DEFAULT_RULES, RULES, Normalized, fold, normalize
from .sentences import split_sentences
from .tokenize import split_clitics, tokenize

__all__ = ["DEFAULT_RULES", "RULES", "Normalized", "fold", "normalize", "split_sentences", "split_clitics", "tokenize"]
