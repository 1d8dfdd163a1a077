"""The learned decision model: candidates, features, training and the shipped weights.

``load_model()`` returns the model shipped in ``saywho/models/attribution``;
``saywho train`` rebuilds it (:mod:`.train`); ``model_setting()`` reads the ``model``
setting (a folder, ``""`` for the shipped model, ``RULES`` for none).
"""

from .model import (
    RULES,
    AttributionModel,
    Calibration,
    check_attribution_model,
    default_path,
    load_model,
    model_setting,
)

__all__ = [
    "RULES",
    "AttributionModel",
    "Calibration",
    "check_attribution_model",
    "default_path",
    "load_model",
    "model_setting",
]
