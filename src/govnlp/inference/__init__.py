"""Inference: the classifier behind every model-backed component, and where models live."""
