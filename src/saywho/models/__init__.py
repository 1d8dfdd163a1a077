"""The learned decision model: candidates, features, training and the shipped weights.

``load_model()`` returns the model shipped in ``saywho/models/attribution``;
``saywho train`` rebuilds it (:mod:`.train`).
"""

from .model import AttributionModel, Calibration, default_path, load_model

__all__ = ["AttributionModel", "Calibration", "default_path", "load_model"]
