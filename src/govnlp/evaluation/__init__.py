"""Evaluation: metrics, baselines that need no training, and scoring against a gold folder."""
