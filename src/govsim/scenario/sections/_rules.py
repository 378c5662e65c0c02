"""Cross-field rules shared by several sections: shares that sum to one, per-item lengths."""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["SUM_TOLERANCE", "Check", "check_length", "shares_sum_to_one"]

#: What a section's ``check()`` yields: ``(relative_path, value, message)`` per broken rule.
Check = Iterator[tuple[str, object, str]]

#: Shares read from text files sum to 1 up to rounding.
SUM_TOLERANCE = 1e-6


def shares_sum_to_one(name: str, values: tuple[float, ...]) -> Check:
    """Yield a problem on ``name`` unless ``values`` sum to 1 (within :data:`SUM_TOLERANCE`)."""
    total = sum(values)
    if abs(total - 1.0) > SUM_TOLERANCE:
        yield (name, values, f"shares must sum to 1 (they sum to {total:.6g})")


def check_length(name: str, values: tuple[object, ...], expected: int, what: str) -> Check:
    """Yield a problem on ``name`` unless there are ``expected`` values, one per ``what``."""
    if len(values) != expected:
        yield (name, values, f"expected {expected} values, one per {what}; got {len(values)}")
