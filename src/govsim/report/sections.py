"""The decision report's content: its sections, tables and cells in English or Chinese.

:func:`build_sections` turns a :class:`~govsim.report.decision.DecisionReport` into the sections
that :mod:`govsim.report.document` renders as Markdown and HTML (the order is described in
:mod:`govsim.report.decision`). Numbers are formatted by :mod:`govsim.report.formatting`, words
come from :mod:`govsim.report.messages`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

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
from govsim.report.levers import ChangeKind
from govsim.report.messages import (
    SECTION_LABELS,
    Lang,
    lever_label,
    metric_label,
    text,
    unit_label,
)
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


def build_sections(report: DecisionReport, lang: Lang = "en") -> list[Section]:
    """The report's content in ``lang`` (rendered by :meth:`to_markdown` and :meth:`to_html`)."""
    adults = report.adults()
    villages = report.scenarios[0].county.villages
    sep = text("list_sep", lang)
    title = text("title", lang, packages=sep.join(report.packages), reference=report.reference)
    meta = text(
        "settings",
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
        head.append(text("failed_runs", lang, failed=report.failed))
    sections = [Section(title, head, level=1)]
    sections.append(Section(text("sec_brief", lang), [_brief(report, lang)]))
    sections.append(
        Section(
            text("sec_headline", lang, horizon=report.horizon),
            [
                _headline_table(report, lang),
                Note(text("headline_legend", lang, family=report.family_size())),
            ],
        )
    )
    sections.append(Section(text("sec_changes", lang), _change_parts(report, lang)))
    sections.append(Section(text("sec_costs", lang), _cost_parts(report, lang, adults)))
    horizon_parts: list[Part] = []
    if len(report.horizons) > 1:
        horizon_parts.append(_horizon_table(report, lang))
    horizon_parts.append(
        Figure(f"effects_{lang}.png", report.png("effects", lang), text("fig_alt_effects", lang))
    )
    sections.append(Section(text("sec_horizons", lang), horizon_parts))
    sections.append(
        Section(
            text("sec_paths", lang),
            [Figure(f"paths_{lang}.png", report.png("paths", lang), text("fig_alt_paths", lang))],
        )
    )
    method = [
        text("method_crn", lang, seeds=len(report.seeds)),
        text(
            "method_correction",
            lang,
            correction=text(f"correction_{report.correction}", lang),
            family=report.family_size(),
            secondary=report.family_size("secondary"),
        ),
        text("method_direction", lang),
        text("method_effect_size", lang),
        text("method_paths", lang),
        text("method_scale", lang, adults=f"{adults:,.0f}"),
    ]
    if lang == "zh" and cjk_font() is None:
        method.append(text("method_fonts", lang))
    sections.append(Section(text("sec_method", lang), method))
    sections.append(
        Section(
            text("sec_all", lang),
            [
                Details(
                    text("sec_full", lang, package=package), [_full_table(report, package, lang)]
                )
                for package in report.packages
            ],
        )
    )
    return sections


def _brief(report: DecisionReport, lang: Lang) -> Bullets:
    sep = text("list_sep", lang)
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
        parts.append(text("brief_levers", lang, count=levers))
        if better:
            parts.append(
                text(
                    "brief_improves",
                    lang,
                    items=sep.join(_effect_phrase(r, lang) for r in better),
                )
            )
        if worse:
            parts.append(
                text(
                    "brief_worsens",
                    lang,
                    items=sep.join(_effect_phrase(r, lang) for r in worse),
                )
            )
        if not better and not worse:
            parts.append(text("brief_unclear", lang))
        parts.extend(_brief_cost(report, package, lang))
        joiner = "; " if lang == "en" else "；"
        items.append((package, joiner.join(parts)))
    return Bullets(items)


def _brief_cost(report: DecisionReport, package: str, lang: Lang) -> list[str]:
    rows = report.costs[(report.costs["package"] == package)]
    if rows.empty:
        return []
    cases = rows[rows["outcome"] == "resolved_in_time"].iloc[0]
    extra = float(cases["extra_cost"])
    parts = []
    if abs(extra) < 1.0:
        parts.append(text("brief_cost_same", lang))
    elif extra > 0:
        parts.append(text("brief_cost_more", lang, cost=format_money(extra, lang)))
    else:
        parts.append(text("brief_cost_less", lang, cost=format_money(-extra, lang)))
    if cases["standing"] == Standing.RATIO:
        parts.append(
            text("brief_per_case", lang, ratio=format_money(float(cases["cost_per_unit"]), lang))
        )
    elif cases["standing"] == Standing.DOMINANT:
        parts.append(text("brief_dominant", lang))
    return parts


def _headline_table(report: DecisionReport, lang: Lang) -> Table:
    headline = report.headline()
    reference_values = _reference_means(report.effects, report.horizon)
    header: list[str | tuple[str, int]] = [
        text("col_outcome", lang),
        text("col_reference", lang, reference=report.reference),
    ]
    sub = ["", text("col_value", lang)]
    for package in report.packages:
        header.append((package, 2))
        sub.extend([text("col_value", lang), text("col_change", lang)])
    rows: list[list[Cell]] = []
    for group, names in headline_rows():
        rows.append([Cell(text(f"group_{group.value}", lang), "group")])
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


def _cost_effectiveness_rows(report: DecisionReport, lang: Lang) -> list[list[Cell]]:
    rows = []
    for outcome, label in (
        ("resolved_in_time", "col_cost_per_case"),
        ("participation", "col_cost_per_point"),
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


def _change_parts(report: DecisionReport, lang: Lang) -> list[Part]:
    parts: list[Part] = []
    for package in report.packages:
        changes = report.changes(package)
        parts.append(Heading(package))
        if not changes:
            parts.append(text("no_changes", lang))
            continue
        rows = []
        for change in changes:
            label = lever_label(change.path, lang)
            if label == change.path:  # no catalogued label: the schema's words, by section
                section = SECTION_LABELS.get(change.section, {}).get(lang, change.section)
                label = f"{section}: {change.info.doc}"
            note = ""
            if change.kind is ChangeKind.ASSUMPTION:
                note = text("kind_assumption", lang)
            elif change.kind is ChangeKind.PRICE:
                note = text("kind_price", lang)
            described = label + (f" ({note})" if note else "")
            rows.append(
                [
                    Cell(described, note=change.path),
                    Cell(_lever_value(change.reference, lang)),
                    Cell(_lever_value(change.package, lang), "changed"),
                    Cell(unit_label(change.info.unit, lang), "muted"),
                ]
            )
        parts.append(
            Table(
                [text("col_lever", lang), report.reference, package, text("col_unit", lang)],
                rows,
                css="levers",
            )
        )
    return parts


def _cost_parts(report: DecisionReport, lang: Lang, adults: float) -> list[Part]:
    lines = report.cost_lines()
    header = [
        text("col_scenario", lang),
        *(metric_label(line, lang) for line in COST_LINES),
        text("col_cost_total", lang),
    ]
    rows = []
    for label in report.labels:
        means = lines.loc[label].to_dict()
        row = [Cell(label)]
        row.extend(Cell(format_money(float(means[line]), lang)) for line in COST_LINES)
        row.append(Cell(format_money(float(means["programme_cost_cny_per_year"]), lang)))
        rows.append(row)
    extra_header = [
        text("col_scenario", lang),
        text("col_extra_cost", lang),
        text("col_gain_cases", lang),
        text("col_cost_per_case", lang),
        text("col_gain_points", lang),
        text("col_cost_per_point", lang),
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
                Cell(
                    f"{_signed(float(points['gain']), '.1f')} pp\n{_plain_interval(float(points['gain_low']), float(points['gain_high']), '.1f', lang)}"
                ),
                _ratio_cell(points, lang),
            ]
        )
    return [
        Table(extra_header, extra_rows, css="costs"),
        Figure(f"costs_{lang}.png", report.png("costs", lang), text("fig_alt_costs", lang)),
        Table(header, rows, css="costs"),
        text("costs_note", lang, adults=f"{adults:,.0f}"),
    ]


def _horizon_table(report: DecisionReport, lang: Lang) -> Table:
    header: list[str | tuple[str, int]] = [text("col_outcome", lang)]
    sub = [""]
    for package in report.packages:
        header.append((package, len(report.horizons)))
        sub.extend(text("col_horizon", lang, horizon=h) for h in report.horizons)
    rows: list[list[Cell]] = []
    for group, names in headline_rows():
        rows.append([Cell(text(f"group_{group.value}", lang), "group")])
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


def _full_table(report: DecisionReport, package: str, lang: Lang) -> Table:
    rows: list[list[Cell]] = []
    chosen = report.effects[report.effects["package"] == package]
    for horizon in report.horizons:
        rows.append([Cell(text("col_horizon", lang, horizon=horizon), "group")])
        for r in chosen[chosen["horizon"] == horizon].to_dict("records"):
            unit = str(r["unit"])
            verdict = Verdict(str(r["verdict"]))
            rows.append(
                [
                    Cell(metric_label(str(r["metric"]), lang), note=str(r["metric"])),
                    Cell(unit, "muted"),
                    Cell(format_value(float(r["reference_mean"]), unit, lang)),
                    Cell(format_value(float(r["package_mean"]), unit, lang)),
                    Cell(format_change(float(r["mean_difference"]), unit, lang), _TONES[verdict]),
                    Cell(format_interval(float(r["ci_low"]), float(r["ci_high"]), unit, lang)),
                    Cell(_pvalue(float(r["t_pvalue"]))),
                    Cell(_pvalue(float(r["p_adjusted"]))),
                    Cell(_number(float(r["cohen_dz"]))),
                    Cell(text(f"verdict_{verdict.value}", lang), _TONES[verdict]),
                ]
            )
    header = [
        text("col_metric", lang),
        text("col_unit", lang),
        report.reference,
        package,
        text("col_change", lang).split(" (")[0].split("（")[0],
        "95% CI",
        text("col_p", lang),
        text("col_p_adjusted", lang),
        text("col_dz", lang),
        text("col_verdict", lang),
    ]
    return Table(header, rows, css="full")


# -- cells ------------------------------------------------------------------------------------


def _reference_means(effects: pd.DataFrame, horizon: int) -> dict[str, float]:
    at = effects[effects["horizon"] == horizon]
    return {str(k): float(v) for k, v in at.groupby("metric")["reference_mean"].first().items()}


def _change_cell(r: Any, unit: str, lang: Lang) -> Cell:
    verdict = Verdict(r["verdict"])
    change = format_change(float(r["mean_difference"]), unit, lang)
    interval = format_interval(float(r["ci_low"]), float(r["ci_high"]), unit, lang)
    note = f"{text(f'verdict_{verdict.value}', lang)}; p adj {_pvalue(float(r['p_adjusted']))}; d_z {_number(float(r['cohen_dz']))}"
    return Cell(f"{change}\n{interval}", _TONES[verdict], note)


def _ratio_cell(row: Any, lang: Lang) -> Cell:
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
    return Cell(text(f"standing_{standing.value}", lang), tone)


def _money_interval(low: float, high: float, lang: Lang) -> str:
    word = "to" if lang == "en" else "至"
    right = "∞" if math.isinf(high) else format_money(high, lang)
    return f"{format_money(low, lang)} {word} {right}"


def _plain_interval(low: float, high: float, spec: str, lang: Lang) -> str:
    word = "to" if lang == "en" else "至"
    return f"{_signed(low, spec)} {word} {_signed(high, spec)}"


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


def _effect_phrase(r: Any, lang: Lang) -> str:
    return f"{metric_label(r.metric, lang)} {format_change(float(r.mean_difference), r.unit, lang)}"


def _lever_value(value: object, lang: Lang) -> str:
    if value is None:
        return text("absent", lang)
    if isinstance(value, bool):
        return text("true" if value else "false", lang)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ", ".join(_lever_value(v, lang) for v in value)
    return str(value)
