"""Model files shipped with rasd, each with a model card (README.md) beside it."""
