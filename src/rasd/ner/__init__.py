"""rasd's own Arabic named-entity recogniser.

Modules (small, one job each):

* :mod:`~rasd.ner.data` — benchmark readers (ANERcorp, AQMAR, WikiFANE) and tag mapping
* :mod:`~rasd.ner.metrics` — entity-level CoNLL scoring
* :mod:`~rasd.ner.text` — frozen folding / clitic helpers used by the features
* :mod:`~rasd.ner.bilstm` — numpy BiLSTM-CRF inference (the shipped model: an ensemble)
* :mod:`~rasd.ner.spans` — the name memory (names annotated in the training corpora and listed
  names, matched in a sentence as features of the network)
* :mod:`~rasd.ner.features` — CRF features (the python-crfsuite alternative)
* :mod:`~rasd.ner.model` — model files, loading once per process, ``tag`` / ``tag_many``
* :mod:`~rasd.ner.corpus`, :mod:`~rasd.ner.clusters`, :mod:`~rasd.ner.gazetteer`,
  :mod:`~rasd.ner.nn_train`, :mod:`~rasd.ner.train` — training (``rasd train ner``)
* :mod:`~rasd.ner.evaluate` — ``rasd eval ner``

The ``entities`` document stage lives in :mod:`rasd.extract.entities`.
"""

from __future__ import annotations

from .metrics import chunks, score
from .model import NerModel, default_model_dir, load_model

__all__ = ["NerModel", "load_model", "default_model_dir", "chunks", "score", "train_model", "evaluate"]


def train_model(*args, **kwargs):
    """See :func:`rasd.ner.train.train_model`."""
    from .train import train_model as _train

    return _train(*args, **kwargs)


def evaluate(*args, **kwargs):
    """See :func:`rasd.ner.evaluate.evaluate`."""
    from .evaluate import evaluate as _evaluate

    return _evaluate(*args, **kwargs)
