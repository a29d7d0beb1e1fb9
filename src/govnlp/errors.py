"""The one error type users catch: every bad input or damaged model raises it, naming the file."""
from __future__ import annotations


class GovNLPError(Exception):
    """Base class of every error govnlp raises on purpose."""


class InputError(GovNLPError, ValueError):
    """A file or text could not be read as a gazette or regulation.

    ``source`` names the file (or ``<text>``), ``problem`` says what is wrong.
    """

    def __init__(self, source: str, problem: str):
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")


class ModelError(GovNLPError, RuntimeError):
    """A model directory is missing, damaged or of the wrong kind; says how to restore it."""

    def __init__(self, path: str, problem: str, fix: str = ""):
        self.path = str(path)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.path}: {problem}" + (f" ({fix})" if fix else ""))
