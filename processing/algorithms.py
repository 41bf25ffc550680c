"""Every algorithm the provider offers, in toolbox order."""
from __future__ import annotations

ALGORITHMS = []
