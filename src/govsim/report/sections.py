"""The decision report's content: its sections, tables and cells in English or Chinese.

:func:`build_sections` turns a :class:`~govsim.report.decision.DecisionReport` into the sections
that :mod:`govsim.report.document` renders as Markdown and HTML (the order is described in
:mod:`govsim.report.decision`). Numbers are formatted by :mod:`govsim.report.formatting`; every
word comes from the project's one catalogue, :mod:`govsim.i18n` (the report's sentences under
``report.*``, metric labels, lever names and help, unit prices, sections and units).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from govsim.i18n import (
    Language,
    lever_help,
    lever_name,
    metric_label,
    price_name,
    section_name,
    text,
)
from govsim.i18n import unit as unit_label
from govsim.metrics import COST_LINES, SUMMARY, Group
from govsim.report.analysis import Standing, Verdict, headline_rows
from govsim.report.document import (
    Bullets,
    Cell,
    Details,
    Figure,
    Heading,
    Note,
    Part,
    Section,
    Table,
)
from govsim.report.formatting import format_change, format_interval, format_money, format_value
from govsim.report.levers import ChangeKind, LeverChange
from govsim.report.plots import cjk_font

if TYPE_CHECKING:
    from govsim.report.decision import DecisionReport

__all__ = ["build_sections"]

_TONES = {
    Verdict.BETTER: "better",
    Verdict.WORSE: "worse",
    Verdict.CHANGED: "changed",
    Verdict.UNCLEAR: "unclear",
    Verdict.NOT_JUDGED: "muted",
    Verdict.TOO_FEW: "muted",
    Verdict.UNDEFINED: "muted",
}


def build_sections(report: DecisionReport, lang: Language = "en") -> list[Section]:
    """The report's content in ``lang`` (rendered by :meth:`to_markdown` and :meth:`to_html`)."""
    adults = report.adults()
    villages = report.scenarios[0].county.villages
    sep = text("report.list_sep", lang)
    title = text(
        "report.title", lang, packages=sep.join(report.packages), reference=report.reference
    )
    meta = text(
        "report.settings",
        lang,
        adults=f"{adults:,.0f}",
        villages=f"{villages:,}",
        seeds=len(report.seeds),
        horizons=sep.join(str(h) for h in report.horizons),
        rollout=report.rollout_day,
        seed=report.root_seed,
    )
    head: list[Part] = [Note(meta)]
    if report.failed:
        head.append(text("report.failed_runs", lang, failed=report.failed))
    sections = [Section(title, head, level=1)]
    sections.append(Section(text("report.section.brief", lang), [_brief(report, lang)]))
    sections.append(
        Section(
            text("report.section.headline", lang, horizon=report.horizon),
            [
                _headline_table(report, lang),
                Note(text("report.headline_legend", lang, family=report.family_size())),
            ],
        )
    )
    sections.append(Section(text("report.section.changes", lang), _change_parts(report, lang)))
    sections.append(Section(text("report.section.costs", lang), _cost_parts(report, lang, adults)))
    horizon_parts: list[Part] = []
    if len(report.horizons) > 1:
        horizon_parts.append(_horizon_table(report, lang))
    horizon_parts.append(
        Figure(
            f"effects_{lang}.png", report.png("effects", lang), text("report.fig.alt_effects", lang)
        )
    )
    sections.append(Section(text("report.section.horizons", lang), horizon_parts))
    sections.append(
        Section(
            text("report.section.paths", lang),
            [
                Figure(
                    f"paths_{lang}.png",
                    report.png("paths", lang),
                    text("report.fig.alt_paths", lang),
                )
            ],
        )
    )
    method = [
        text("report.method.crn", lang, seeds=len(report.seeds)),
        text(
            "report.method.correction",
            lang,
            correction=text(f"report.correction.{report.correction}", lang),
            family=report.family_size(),
            secondary=report.family_size("secondary"),
        ),
        text("report.method.direction", lang),
        text("report.method.effect_size", lang),
        text("report.method.paths", lang),
        text("report.method.scale", lang, adults=f"{adults:,.0f}"),
    ]
    if lang == "zh" and cjk_font() is None:
        method.append(text("report.method.fonts", lang))
    sections.append(Section(text("report.section.method", lang), method))
    sections.append(
        Section(
            text("report.section.all", lang),
            [
                Details(
                    text("report.section.full", lang, package=package),
                    [_full_table(report, package, lang)],
                )
                for package in report.packages
            ],
        )
    )
    return sections


def _brief(report: DecisionReport, lang: Language) -> Bullets:
    sep = text("report.list_sep", lang)
    items = []
    headline = report.headline()
    for package in report.packages:
        rows = headline[headline["package"] == package]
        better = [
            r for r in rows.itertuples() if r.verdict == Verdict.BETTER and r.group != Group.COST
        ]
        worse = [
            r for r in rows.itertuples() if r.verdict == Verdict.WORSE and r.group != Group.COST
        ]
        parts = []
        levers = sum(1 for c in report.changes(package) if c.kind is ChangeKind.LEVER)
        parts.append(text("report.brief.levers", lang, count=levers))
        if better:
            parts.append(
                text(
                    "report.brief.improves",
                    lang,
                    items=sep.join(_effect_phrase(r, lang) for r in better),
                )
            )
        if worse:
            parts.append(
                text(
                    "report.brief.worsens",
                    lang,
                    items=sep.join(_effect_phrase(r, lang) for r in worse),
                )
            )
        if not better and not worse:
            parts.append(text("report.brief.unclear", lang))
        parts.extend(_brief_cost(report, package, lang))
        items.append((package, text("report.clause_sep", lang).join(parts)))
    return Bullets(items)


def _brief_cost(report: DecisionReport, package: str, lang: Language) -> list[str]:
    rows = report.costs[(report.costs["package"] == package)]
    if rows.empty:
        return []
    cases = rows[rows["outcome"] == "resolved_in_time"].iloc[0]
    extra = float(cases["extra_cost"])
    parts = []
    if abs(extra) < 1.0:
        parts.append(text("report.brief.cost_same", lang))
    elif extra > 0:
        parts.append(text("report.brief.cost_more", lang, cost=format_money(extra, lang)))
    else:
        parts.append(text("report.brief.cost_less", lang, cost=format_money(-extra, lang)))
    if cases["standing"] == Standing.RATIO:
        parts.append(
            text(
                "report.brief.per_case",
                lang,
                ratio=format_money(float(cases["cost_per_unit"]), lang),
            )
        )
    elif cases["standing"] == Standing.DOMINANT:
        parts.append(text("report.brief.dominant", lang))
    return parts


def _headline_table(report: DecisionReport, lang: Language) -> Table:
    headline = report.headline()
    reference_values = _reference_means(report.effects, report.horizon)
    header: list[str | tuple[str, int]] = [
        text("report.col.outcome", lang),
        text("report.col.reference", lang, reference=report.reference),
    ]
    sub = ["", text("report.col.value", lang)]
    for package in report.packages:
        header.append((package, 2))
        sub.extend([text("report.col.value", lang), text("report.col.change", lang)])
    rows: list[list[Cell]] = []
    for group, names in headline_rows():
        rows.append([Cell(text(f"report.group.{group.value}", lang), "group")])
        for name in names:
            unit = SUMMARY[name].unit
            row = [
                Cell(metric_label(name, lang)),
                Cell(format_value(reference_values.get(name, math.nan), unit, lang)),
            ]
            for package in report.packages:
                found = headline[(headline["package"] == package) & (headline["metric"] == name)]
                if found.empty:
                    row.extend([Cell("–"), Cell("–")])
                    continue
                r = found.iloc[0]
                row.append(Cell(format_value(r["package_mean"], unit, lang)))
                row.append(_change_cell(r, unit, lang))
            rows.append(row)
        if group is Group.COST:
            rows.extend(_cost_effectiveness_rows(report, lang))
    return Table(header, rows, subheader=sub, css="headline")


def _cost_effectiveness_rows(report: DecisionReport, lang: Language) -> list[list[Cell]]:
    rows = []
    for outcome, label in (
        ("resolved_in_time", "report.col.cost_per_case"),
        ("participation", "report.col.cost_per_point"),
    ):
        row = [Cell(text(label, lang)), Cell("–", "muted")]
        for package in report.packages:
            found = report.costs[
                (report.costs["package"] == package) & (report.costs["outcome"] == outcome)
            ]
            row.append(Cell(""))
            row.append(_ratio_cell(found.iloc[0] if len(found) else None, lang))
        rows.append(row)
    return rows


def _change_parts(report: DecisionReport, lang: Language) -> list[Part]:
    parts: list[Part] = [_rollout_text(report, lang)]
    if report.spin_up_days:
        parts.append(text("report.rollout.spin_up", lang, days=f"{report.spin_up_days:,}"))
    for package in report.packages:
        changes = report.changes(package)
        parts.append(Heading(package))
        own = report.scenarios[report.labels.index(package)].rollouts
        later = sorted({report.rollout_day + r.day for r in own if r.day > 0})
        if later:
            days = text("report.list_sep", lang).join(str(day) for day in later)
            parts.append(text("report.rollout.phases", lang, package=package, days=days))
        if not changes:
            parts.append(text("report.no_changes", lang))
            continue
        rows = [
            [
                Cell(_change_label(change, lang), note=change.path),
                Cell(_lever_value(change.reference, lang)),
                Cell(_lever_value(change.package, lang), "changed"),
                Cell(unit_label(change.info.unit, lang), "muted"),
            ]
            for change in changes
        ]
        parts.append(
            Table(
                [
                    text("report.col.lever", lang),
                    report.reference,
                    package,
                    text("report.col.unit", lang),
                ],
                rows,
                css="levers",
            )
        )
    return parts


def _rollout_text(report: DecisionReport, lang: Language) -> str:
    """When the packages take effect, and what every arm runs before."""
    if not report.shares_history:
        return text("report.rollout.from_start", lang)
    return text("report.rollout.shared", lang, reference=report.reference, day=report.rollout_day)


def _cost_parts(report: DecisionReport, lang: Language, adults: float) -> list[Part]:
    lines = report.cost_lines()
    header = [
        text("report.col.scenario", lang),
        *(metric_label(line, lang) for line in COST_LINES),
        text("report.col.cost_total", lang),
    ]
    rows = []
    for label in report.labels:
        means = lines.loc[label].to_dict()
        row = [Cell(label)]
        row.extend(Cell(format_money(float(means[line]), lang)) for line in COST_LINES)
        row.append(Cell(format_money(float(means["programme_cost_cny_per_year"]), lang)))
        rows.append(row)
    extra_header = [
        text("report.col.scenario", lang),
        text("report.col.extra_cost", lang),
        text("report.col.gain_cases", lang),
        text("report.col.cost_per_case", lang),
        text("report.col.gain_points", lang),
        text("report.col.cost_per_point", lang),
    ]
    extra_rows = []
    for package in report.packages:
        cases = report.costs[
            (report.costs["package"] == package) & (report.costs["outcome"] == "resolved_in_time")
        ].iloc[0]
        points = report.costs[
            (report.costs["package"] == package) & (report.costs["outcome"] == "participation")
        ].iloc[0]
        extra_rows.append(
            [
                Cell(package),
                Cell(
                    format_money(float(cases["extra_cost"]), lang, signed=True)
                    + "\n"
                    + _money_interval(
                        float(cases["extra_cost_low"]), float(cases["extra_cost_high"]), lang
                    )
                ),
                Cell(
                    f"{_signed(float(cases['gain']), ',.0f')}\n{_plain_interval(float(cases['gain_low']), float(cases['gain_high']), ',.0f', lang)}"
                ),
                _ratio_cell(cases, lang),
                Cell(  # the gain is in percentage points already
                    format_change(float(points["gain"]) / 100, "percentage points", lang)
                    + "\n"
                    + format_interval(
                        float(points["gain_low"]) / 100,
                        float(points["gain_high"]) / 100,
                        "percentage points",
                        lang,
                    )
                ),
                _ratio_cell(points, lang),
            ]
        )
    return [
        Table(extra_header, extra_rows, css="costs"),
        Figure(f"costs_{lang}.png", report.png("costs", lang), text("report.fig.alt_costs", lang)),
        Table(header, rows, css="costs"),
        text("report.costs_note", lang, adults=f"{adults:,.0f}"),
    ]


def _horizon_table(report: DecisionReport, lang: Language) -> Table:
    header: list[str | tuple[str, int]] = [text("report.col.outcome", lang)]
    sub = [""]
    for package in report.packages:
        header.append((package, len(report.horizons)))
        sub.extend(text("report.col.horizon", lang, horizon=h) for h in report.horizons)
    rows: list[list[Cell]] = []
    for group, names in headline_rows():
        rows.append([Cell(text(f"report.group.{group.value}", lang), "group")])
        for name in names:
            unit = SUMMARY[name].unit
            row = [Cell(metric_label(name, lang))]
            for package in report.packages:
                for horizon in report.horizons:
                    found = report.effects[
                        (report.effects["package"] == package)
                        & (report.effects["horizon"] == horizon)
                        & (report.effects["metric"] == name)
                    ]
                    row.append(_change_cell(found.iloc[0], unit, lang) if len(found) else Cell("–"))
            rows.append(row)
    return Table(header, rows, subheader=sub, css="horizons")


def _full_table(report: DecisionReport, package: str, lang: Language) -> Table:
    rows: list[list[Cell]] = []
    chosen = report.effects[report.effects["package"] == package]
    for horizon in report.horizons:
        rows.append([Cell(text("report.col.horizon", lang, horizon=horizon), "group")])
        for r in chosen[chosen["horizon"] == horizon].to_dict("records"):
            unit = str(r["unit"])
            verdict = Verdict(str(r["verdict"]))
            rows.append(
                [
                    Cell(metric_label(str(r["metric"]), lang), note=str(r["metric"])),
                    Cell(unit_label(unit, lang), "muted"),
                    Cell(format_value(float(r["reference_mean"]), unit, lang)),
                    Cell(format_value(float(r["package_mean"]), unit, lang)),
                    Cell(format_change(float(r["mean_difference"]), unit, lang), _TONES[verdict]),
                    Cell(format_interval(float(r["ci_low"]), float(r["ci_high"]), unit, lang)),
                    Cell(_pvalue(float(r["t_pvalue"]))),
                    Cell(_pvalue(float(r["p_adjusted"]))),
                    Cell(_number(float(r["cohen_dz"]))),
                    Cell(text(f"report.verdict.{verdict.value}", lang), _TONES[verdict]),
                ]
            )
    header = [
        text("report.col.metric", lang),
        text("report.col.unit", lang),
        report.reference,
        package,
        text("report.col.change", lang).split(" (")[0].split("（")[0],
        text("report.ci", lang),
        text("report.col.p", lang),
        text("report.col.p_adjusted", lang),
        text("report.col.dz", lang),
        text("report.col.verdict", lang),
    ]
    return Table(header, rows, css="full")


# -- cells ------------------------------------------------------------------------------------


def _reference_means(effects: pd.DataFrame, horizon: int) -> dict[str, float]:
    at = effects[effects["horizon"] == horizon]
    return {str(k): float(v) for k, v in at.groupby("metric")["reference_mean"].first().items()}


def _change_cell(r: Any, unit: str, lang: Language) -> Cell:
    verdict = Verdict(r["verdict"])
    change = format_change(float(r["mean_difference"]), unit, lang)
    interval = format_interval(float(r["ci_low"]), float(r["ci_high"]), unit, lang)
    note = f"{text(f'report.verdict.{verdict.value}', lang)}; p adj {_pvalue(float(r['p_adjusted']))}; d_z {_number(float(r['cohen_dz']))}"
    return Cell(f"{change}\n{interval}", _TONES[verdict], note)


def _ratio_cell(row: Any, lang: Language) -> Cell:
    if row is None:
        return Cell("–", "muted")
    standing = Standing(row["standing"])
    if standing is Standing.RATIO:
        value = format_money(float(row["cost_per_unit"]), lang)
        interval = _money_interval(
            float(row["cost_per_unit_low"]), float(row["cost_per_unit_high"]), lang
        )
        return Cell(f"{value}\n{interval}")
    tone = {Standing.DOMINANT: "better", Standing.LOSS: "worse"}.get(standing, "unclear")
    return Cell(text(f"report.standing.{standing.value}", lang), tone)


def _money_interval(low: float, high: float, lang: Language) -> str:
    right = "∞" if math.isinf(high) else format_money(high, lang)
    return f"{format_money(low, lang)}{text('report.to', lang)}{right}"


def _plain_interval(low: float, high: float, spec: str, lang: Language) -> str:
    return f"{_signed(low, spec)}{text('report.to', lang)}{_signed(high, spec)}"


def _signed(value: float, spec: str) -> str:
    if not math.isfinite(value):
        return "–"
    body = format(abs(value), spec)
    return ("+" if value > 0 else "−" if value < 0 else "±") + body


def _pvalue(value: float) -> str:
    if math.isnan(value):
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _number(value: float) -> str:
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.2f}"


def _effect_phrase(r: Any, lang: Language) -> str:
    return f"{metric_label(r.metric, lang)} {format_change(float(r.mean_difference), r.unit, lang)}"


def _lever_value(value: object, lang: Language) -> str:
    if value is None:
        return text("report.absent", lang)
    if isinstance(value, bool):
        return text("report.true" if value else "report.false", lang)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ", ".join(_lever_value(v, lang) for v in value)
    return str(value)


def _change_label(change: LeverChange, lang: Language) -> str:
    """A changed scenario value in words.

    A lever's name over its help text; a unit price, flagged; a model assumption as the schema
    describes it, flagged too (a planner must know when a package rests on one).
    """
    match change.kind:
        case ChangeKind.LEVER:
            return f"{lever_name(change.path, lang)}\n{lever_help(change.path, change.info, lang)}"
        case ChangeKind.PRICE:
            return f"{price_name(change.path, lang)} ({text('report.kind.price', lang)})"
        case _:
            section = section_name(change.section, lang)
            flag = text("report.kind.assumption", lang)
            return f"{section}: {change.info.doc} ({flag})"
