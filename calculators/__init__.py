"""Calculators of the marketing team handbook.

Pure Python, standard library only: the same code runs at site build time
(CPython) and in the reader's browser (Pyodide, in a Web Worker).
"""

from __future__ import annotations

from .errors import CalculatorError, PolicyError
from .policy import Policy, get_policy, load_policy

__version__ = "0.1.0"
__all__ = ["CalculatorError", "Policy", "PolicyError", "__version__", "get_policy", "load_policy"]
