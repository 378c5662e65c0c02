"""A report as plain content, rendered to Markdown and to one self-contained HTML page.

Content is sections of paragraphs, tables and figures.
Both renderers read the same content, so the HTML never drifts from the Markdown. Table cells
carry a *tone* (better, worse, unclear, ...) that HTML shows as a colour and Markdown as a word.
The HTML embeds figures as PNG data URIs and its style sheet inline: the page makes no request.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "Bullets",
    "Cell",
    "Details",
    "Figure",
    "Heading",
    "Note",
    "Section",
    "Table",
    "render_html",
    "render_markdown",
]


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its text, a tone and a note.

    The tone is ``better``, ``worse``, ``unclear``, ``changed``, ``group`` (a group heading row),
    ``muted`` or ``""``; the note is a tooltip in HTML. A second line of text (after a newline)
    is shown smaller in HTML and in parentheses in Markdown (an interval under its estimate, a
    lever's help under its name).
    """

    text: str
    tone: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """A table: a header row (a cell may span columns: ``(text, span)``) and rows of cells."""

    header: Sequence[str | tuple[str, int]]
    rows: Sequence[Sequence[Cell]]
    subheader: Sequence[str] = ()
    css: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A PNG figure with its file name (for Markdown) and alternative text."""

    name: str
    png: bytes
    alt: str


@dataclass(frozen=True, slots=True)
class Details:
    """Content folded away in HTML (``<details>``), shown in full in Markdown."""

    summary: str
    parts: Sequence[Part]


@dataclass(frozen=True, slots=True)
class Bullets:
    """A list of items, each a bold label and its text."""

    items: Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Heading:
    """A sub-heading inside a section."""

    text: str


@dataclass(frozen=True, slots=True)
class Note:
    """A paragraph in small, muted type (settings, legends)."""

    text: str


Part = str | Table | Figure | Details | Bullets | Heading | Note


@dataclass(frozen=True, slots=True)
class Section:
    """A titled section (``level`` 1 is the page title)."""

    title: str
    parts: Sequence[Part] = field(default_factory=tuple)
    level: int = 2


# -- Markdown ---------------------------------------------------------------------------------


def render_markdown(sections: Sequence[Section], *, figure_dir: str = "figures") -> str:
    """Render as Markdown; figures are referenced as ``figure_dir/<name>`` (write them there)."""
    out: list[str] = []
    for section in sections:
        out.append("#" * section.level + " " + section.title)
        out.extend(_markdown_part(part, figure_dir) for part in section.parts)
    return "\n\n".join(out) + "\n"


def _markdown_part(part: Part, figure_dir: str) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Note):
        return f"*{part.text}*"
    if isinstance(part, Heading):
        return f"### {part.text}"
    if isinstance(part, Bullets):
        return "\n".join(f"- **{label}**: {body}" for label, body in part.items)
    if isinstance(part, Figure):
        return f"![{part.alt}]({figure_dir}/{part.name})"
    if isinstance(part, Details):
        inner = "\n\n".join(_markdown_part(p, figure_dir) for p in part.parts)
        return f"**{part.summary}**\n\n{inner}"
    return _markdown_table(part)


def _markdown_table(table: Table) -> str:
    header: list[str] = []
    for cell in table.header:
        text, span = cell if isinstance(cell, tuple) else (cell, 1)
        header.extend([text] + [""] * (span - 1))
    if table.subheader:
        header = [
            f"{top} {sub}".strip() for top, sub in zip(_fill(header), table.subheader, strict=True)
        ]
    lines = ["| " + " | ".join(_md(h) for h in header) + " |", "|" + "---|" * len(header)]
    for row in table.rows:
        if len(row) == 1 and row[0].tone == "group":
            lines.append("| **" + _md(row[0].text) + "** |" + " |" * (len(header) - 1))
            continue
        cells = [_md(cell.text) + _markdown_tone(cell.tone) for cell in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _fill(header: list[str]) -> list[str]:
    filled, last = [], ""
    for text in header:
        last = text or last
        filled.append(last)
    return filled


_MARKDOWN_TONES = {"better": " ▲", "worse": " ▼", "changed": " ◆"}


def _markdown_tone(tone: str) -> str:
    return _MARKDOWN_TONES.get(tone, "")


def _md(text: str) -> str:
    """A cell's text on one line: a second line (an interval, a lever's help) in parentheses."""
    first, newline, rest = text.partition("\n")
    if newline:
        first = f"{first} ({' '.join(rest.splitlines())})"
    return first.replace("|", "\\|")


# -- HTML -------------------------------------------------------------------------------------

_STYLE = """
:root{--better:#d6f0e3;--better-ink:#00603f;--worse:#fbe0cf;--worse-ink:#8a3300;
--changed:#dbe9f6;--changed-ink:#004f80;--unclear:#f1f1f1;--ink:#1f2328;--muted:#6a737d;
--rule:#d0d7de}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",
"PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);max-width:76rem;margin:0 auto;
padding:1.5rem 2rem 4rem;line-height:1.45;font-size:15px;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0 .3rem}
h2{font-size:1.2rem;margin:2.2rem 0 .6rem;padding-bottom:.25rem;border-bottom:1px solid var(--rule)}
h3{font-size:1.02rem;margin:1.4rem 0 .4rem}
p{margin:.45rem 0;max-width:62rem}
p.meta{color:var(--muted);font-size:.9rem;margin-top:0}
ul.brief{padding-left:1.2rem;max-width:64rem}ul.brief li{margin:.35rem 0}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.88rem;font-variant-numeric:tabular-nums}
th,td{padding:.32rem .6rem;border-bottom:1px solid #e6e8eb;text-align:right;vertical-align:top}
th{font-weight:600;background:#f6f8fa;border-bottom:1px solid var(--rule)}
th.span{text-align:center;border-left:2px solid #fff}
td:first-child,th:first-child{text-align:left}
tr.group td{background:#fafbfc;font-weight:600;text-align:left;color:#3b4148;
text-transform:uppercase;letter-spacing:.04em;font-size:.78rem;padding-top:.6rem}
td.better{background:var(--better);color:var(--better-ink)}
td.worse{background:var(--worse);color:var(--worse-ink)}
td.changed{background:var(--changed);color:var(--changed-ink)}
td.unclear{color:#57606a}
td.muted{color:var(--muted)}
td .ci{display:block;font-size:.78rem;opacity:.85}
table.headline td:not(:first-child),table.horizons td:not(:first-child),table.costs td{white-space:nowrap}
table.levers td:first-child{max-width:34rem}
table.full{font-size:.8rem}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eef0f2}
figcaption{color:var(--muted);font-size:.82rem}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}
.legend span{display:inline-block;padding:.05rem .45rem;margin-right:.4rem;border-radius:3px;font-size:.82rem}
"""


def render_html(sections: Sequence[Section], *, title: str, lang: str = "en") -> str:
    """Render as one standalone HTML page (inline style, figures as data URIs, no scripts)."""
    body: list[str] = []
    for section in sections:
        tag = f"h{min(section.level, 6)}"
        body.append(f"<{tag}>{html.escape(section.title)}</{tag}>")
        body.extend(_html_part(part) for part in section.parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _html_part(part: Part) -> str:
    if isinstance(part, str):
        return f"<p>{html.escape(part)}</p>"
    if isinstance(part, Note):
        return f'<p class="meta">{html.escape(part.text)}</p>'
    if isinstance(part, Heading):
        return f"<h3>{html.escape(part.text)}</h3>"
    if isinstance(part, Bullets):
        items = "".join(
            f"<li><strong>{html.escape(label)}</strong>: {html.escape(body)}</li>"
            for label, body in part.items
        )
        return f'<ul class="brief">{items}</ul>'
    if isinstance(part, Figure):
        data = base64.b64encode(part.png).decode("ascii")
        alt = html.escape(part.alt)
        return (
            f'<figure><img src="data:image/png;base64,{data}" alt="{alt}">'
            f"<figcaption>{alt}</figcaption></figure>"
        )
    if isinstance(part, Details):
        inner = "\n".join(_html_part(p) for p in part.parts)
        return f"<details><summary>{html.escape(part.summary)}</summary>\n{inner}\n</details>"
    return _html_table(part)


def _html_table(table: Table) -> str:
    head = []
    for heading in table.header:
        text, span = heading if isinstance(heading, tuple) else (heading, 1)
        css = ' class="span"' if span > 1 else ""
        head.append(
            f'<th colspan="{span}"{css}>{html.escape(text)}</th>'
            if span > 1
            else f"<th>{html.escape(text)}</th>"
        )
    rows = ["<tr>" + "".join(head) + "</tr>"]
    if table.subheader:
        rows.append(
            "<tr>" + "".join(f"<th>{html.escape(t)}</th>" for t in table.subheader) + "</tr>"
        )
    width = len(table.subheader) or sum(c[1] if isinstance(c, tuple) else 1 for c in table.header)
    body = []
    for row in table.rows:
        if len(row) == 1 and row[0].tone == "group":
            body.append(
                f'<tr class="group"><td colspan="{width}">{html.escape(row[0].text)}</td></tr>'
            )
            continue
        cells = []
        for cell in row:
            css = f' class="{cell.tone}"' if cell.tone else ""
            note = f' title="{html.escape(cell.note)}"' if cell.note else ""
            content = "<br>".join(html.escape(line) for line in cell.text.split("\n"))
            if "\n" in cell.text:
                first, rest = cell.text.split("\n", 1)
                content = f'{html.escape(first)}<span class="ci">{html.escape(rest)}</span>'
            cells.append(f"<td{css}{note}>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    css = f' class="{table.css}"' if table.css else ""
    return f"<table{css}><thead>{''.join(rows)}</thead><tbody>{''.join(body)}</tbody></table>"
