"""Evaluation of rasd extractors against gold data (one module per extractor)."""
