"""Weak supervision: labelling functions that label training data from the guideline's cues."""
