"""A scenario comparison a planner can read: Markdown and HTML from the same blocks.

The report is built as a list of blocks (headings, paragraphs, tables) and rendered twice, so the
HTML never drifts from the Markdown and no Markdown library is needed.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["comparison_blocks", "render_html", "render_markdown", "write_comparison_report"]


@dataclass(frozen=True)
class Block:
    """A heading (``h1``, ``h2``), paragraph (``p``) or table (``table``) of a report."""

    kind: str
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _number(value: Any, digits: int = 3) -> str:
    value = float(value)
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.{digits}g}"


def _pvalue(value: Any) -> str:
    value = float(value)
    if math.isnan(value):
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def comparison_blocks(
    comparison: pd.DataFrame, *, reference: str, context: Sequence[str] = ()
) -> list[Block]:
    """Return the report's blocks: a summary sentence per scenario, then a table per scenario."""
    blocks = [Block("h1", f"Scenario comparison against {reference}")]
    blocks.extend(Block("p", line) for line in context)
    blocks.append(
        Block(
            "p",
            "Each scenario ran with the same seeds as the reference (common random numbers), so "
            "each difference is paired by seed. 'Higher' or 'lower' means the 95% interval of the "
            "mean difference excludes zero; d_z is the mean difference over its standard "
            "deviation (|d_z| ≈ 0.2 small, 0.5 medium, 0.8 large).",
        )
    )
    header = [
        "metric",
        "reference",
        "scenario",
        "difference",
        "95% interval",
        "change",
        "p (t)",
        "p (Wilcoxon)",
        "d_z",
        "verdict",
    ]
    for scenario, group in comparison.groupby("scenario", sort=False):
        records = group.to_dict("records")
        blocks.append(Block("h2", f"{scenario} vs {reference}"))
        phrases = [
            f"{r['metric']} {r['direction']} by {_number(abs(r['mean_difference']))}"
            + _percent(r["relative_difference"], bracket=True)
            for r in records
            if r["direction"] in {"higher", "lower"}
        ]
        if phrases:
            blocks.append(Block("p", "Clear differences: " + "; ".join(phrases) + "."))
        else:
            blocks.append(Block("p", "No metric differs clearly from the reference."))
        table = [
            [
                str(r["metric"]),
                _number(r["reference_mean"]),
                _number(r["scenario_mean"]),
                _number(r["mean_difference"]),
                f"{_number(r['ci_low'])} to {_number(r['ci_high'])}",
                _percent(r["relative_difference"]) or "–",
                _pvalue(r["t_pvalue"]),
                _pvalue(r["wilcoxon_pvalue"]),
                _number(r["cohen_dz"], 2),
                str(r["direction"]),
            ]
            for r in records
        ]
        blocks.append(Block("table", header=header, rows=table))
    return blocks


def _percent(value: Any, *, bracket: bool = False) -> str:
    share = float(value)
    if math.isnan(share):
        return ""
    text = f"{100 * share:+.1f}%"
    return f" ({text})" if bracket else text


def render_markdown(blocks: Sequence[Block]) -> str:
    """Render blocks as Markdown."""
    parts = []
    for block in blocks:
        if block.kind == "table":
            lines = ["| " + " | ".join(block.header) + " |", "|" + "---|" * len(block.header)]
            lines += [
                "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
                for row in block.rows
            ]
            parts.append("\n".join(lines))
        else:
            prefix = {"h1": "# ", "h2": "## "}.get(block.kind, "")
            parts.append(prefix + block.text)
    return "\n\n".join(parts) + "\n"


def render_html(blocks: Sequence[Block], *, title: str = "govsim comparison") -> str:
    """Render blocks as a standalone HTML page."""
    body = []
    for block in blocks:
        if block.kind == "table":
            head = "".join(f"<th>{html.escape(cell)}</th>" for cell in block.header)
            cells = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                for row in block.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>")
        else:
            tag = block.kind if block.kind in {"h1", "h2"} else "p"
            body.append(f"<{tag}>{html.escape(block.text)}</{tag}>")
    style = (
        "body{font-family:sans-serif;max-width:70em;margin:2em auto;line-height:1.4}"
        "table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;"
        "padding:0.25em 0.5em;text-align:right}td:first-child,th:first-child{text-align:left}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{style}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def write_comparison_report(
    comparison: pd.DataFrame,
    directory: Path | str,
    *,
    reference: str,
    context: Sequence[str] = (),
    figure: str | None = None,
) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` into ``directory``; return their paths."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    blocks = comparison_blocks(comparison, reference=reference, context=context)
    markdown = render_markdown(blocks)
    page = render_html(blocks, title=f"Comparison against {reference}")
    if figure:
        markdown += f"\n![Forest plot]({figure})\n"
        page = page.replace(
            "</body>", f'<p><img src="{html.escape(figure)}" alt="Forest plot"></p></body>'
        )
    markdown_path, html_path = target / "report.md", target / "report.html"
    markdown_path.write_text(markdown)
    html_path.write_text(page)
    return markdown_path, html_path
