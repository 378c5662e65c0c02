"""The decision report's words in English and Simplified Chinese: one catalogue, one lookup.

Three tables of ``{id: {"en": ..., "zh": ...}}``: :data:`MESSAGES` (the report's sentences and
headings, with ``str.format`` fields), :data:`METRIC_LABELS` (a short name for every summary
metric) and :data:`LEVER_LABELS` (every policy lever and unit price, by dotted scenario path; a
department's levers under ``departments.*``). English lever labels are the schema's own
descriptions; Chinese ones are written here in the terms county governments use (网格员, 综治中心,
12345热线, 办理时限, 责任清单, 联席会议, ...). Tests keep both languages complete and their
format fields identical. The catalogue is plain data so that it can move into a project-wide
message catalogue unchanged.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "LANGUAGES",
    "LEVER_LABELS",
    "MESSAGES",
    "METRIC_LABELS",
    "SECTION_LABELS",
    "Lang",
    "lever_label",
    "metric_label",
    "text",
    "unit_label",
]

Lang = Literal["en", "zh"]
LANGUAGES: tuple[Lang, ...] = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    # -- title and settings ---------------------------------------------------------------------
    "title": {
        "en": "Decision report: {packages} against {reference}",
        "zh": "决策报告：{packages} 与 {reference} 的比较",
    },
    "settings": {
        "en": "{adults} adults in {villages} villages · {seeds} paired seeds per scenario · "
        "outcomes at {horizons} days after roll-out (roll-out on day {rollout}) · root seed {seed}",
        "zh": "{villages}个村、{adults}名成年人 · 每个情景{seeds}个配对随机种子 · "
        "评估时点为推行后第{horizons}天（第{rollout}天推行） · 根种子{seed}",
    },
    "failed_runs": {
        "en": "{failed} runs failed and are left out; their errors are in the result store.",
        "zh": "有{failed}次运行失败，已剔除；错误信息保存在结果库中。",
    },
    "reference_word": {"en": "reference", "zh": "参照"},
    "and": {"en": " and ", "zh": "和"},
    "list_sep": {"en": ", ", "zh": "、"},
    # -- sections -------------------------------------------------------------------------------
    "sec_brief": {"en": "In brief", "zh": "要点"},
    "sec_headline": {
        "en": "Headline outcomes, {horizon} days after roll-out",
        "zh": "核心指标（推行后第{horizon}天）",
    },
    "sec_changes": {"en": "What each package changes", "zh": "各方案调整了什么"},
    "sec_costs": {
        "en": "Programme cost and cost-effectiveness",
        "zh": "项目成本与成本效益",
    },
    "sec_horizons": {"en": "Effects over time", "zh": "不同时点的效果"},
    "sec_paths": {"en": "Time paths", "zh": "时间路径"},
    "sec_method": {"en": "How to read this report", "zh": "如何阅读本报告"},
    "sec_all": {"en": "All metrics", "zh": "全部指标"},
    "sec_full": {"en": "All metrics: {package}", "zh": "全部指标：{package}"},
    # -- headline table -------------------------------------------------------------------------
    "col_outcome": {"en": "Outcome", "zh": "指标"},
    "col_reference": {"en": "{reference} (reference)", "zh": "{reference}（参照）"},
    "col_value": {"en": "value", "zh": "数值"},
    "col_change": {"en": "change (95% CI)", "zh": "变化（95%置信区间）"},
    "col_verdict": {"en": "verdict", "zh": "判断"},
    "col_horizon": {"en": "{horizon} days", "zh": "第{horizon}天"},
    "col_metric": {"en": "metric", "zh": "指标"},
    "col_unit": {"en": "unit", "zh": "单位"},
    "col_p": {"en": "p (t)", "zh": "p值（t检验）"},
    "col_p_adjusted": {"en": "p adjusted", "zh": "校正后p值"},
    "col_dz": {"en": "d_z", "zh": "效应量d_z"},
    "headline_legend": {
        "en": "Green: better, red: worse, by each outcome's desirable direction (a lower backlog "
        "or a higher cost is worse), when the change is clear after correcting for the {family} "
        "headline outcomes tested together; grey: no clear difference. Each cell: the mean "
        "change, then its 95% interval.",
        "zh": "绿色表示改善、红色表示变差（按各指标的期望方向判断，积压增加或成本上升均为变差），"
        "且在对{family}项核心指标做多重比较校正后仍显著；灰色表示无明显差异。"
        "每格先列变化均值，再列其95%置信区间。",
    },
    # -- verdicts and groups --------------------------------------------------------------------
    "verdict_better": {"en": "better", "zh": "改善"},
    "verdict_worse": {"en": "worse", "zh": "变差"},
    "verdict_changed": {"en": "changed", "zh": "有变化"},
    "verdict_no clear difference": {"en": "no clear difference", "zh": "无明显差异"},
    "verdict_not judged": {"en": "not judged", "zh": "不作判断"},
    "verdict_not enough runs": {"en": "not enough runs", "zh": "运行次数不足"},
    "verdict_undefined": {"en": "not defined in these runs", "zh": "本次运行中无定义"},
    "group_participation": {"en": "Participation", "zh": "群众参与"},
    "group_handling": {"en": "Handling", "zh": "诉求办理"},
    "group_equity": {"en": "Equity", "zh": "公平性"},
    "group_collaboration": {"en": "Collaboration", "zh": "部门协同"},
    "group_platform": {"en": "Platform", "zh": "平台与网格"},
    "group_cost": {"en": "Cost", "zh": "成本"},
    "group_bookkeeping": {"en": "Run size", "zh": "运行规模"},
    # -- in brief -------------------------------------------------------------------------------
    "brief_improves": {"en": "improves {items}", "zh": "改善：{items}"},
    "brief_worsens": {"en": "worsens {items}", "zh": "变差：{items}"},
    "brief_unclear": {
        "en": "no clear change in the headline outcomes",
        "zh": "核心指标无明显变化",
    },
    "brief_cost_more": {"en": "costs {cost} a year more", "zh": "每年多支出{cost}"},
    "brief_cost_less": {"en": "costs {cost} a year less", "zh": "每年少支出{cost}"},
    "brief_cost_same": {"en": "costs about the same", "zh": "成本基本不变"},
    "brief_per_case": {
        "en": "{ratio} per extra case resolved in time",
        "zh": "每多按时办结一件需{ratio}",
    },
    "brief_dominant": {
        "en": "more cases resolved in time at no extra cost",
        "zh": "不增加成本即可多按时办结",
    },
    "brief_levers": {"en": "changes {count} levers", "zh": "调整了{count}项政策杠杆"},
    # -- lever changes --------------------------------------------------------------------------
    "col_lever": {"en": "Lever", "zh": "政策杠杆"},
    "col_source": {"en": "source", "zh": "来源"},
    "kind_assumption": {
        "en": "model assumption, not a lever: the package file changes it too",
        "zh": "模型假设（非政策杠杆），方案文件同时作了改动",
    },
    "kind_price": {"en": "unit price", "zh": "单价"},
    "no_changes": {
        "en": "No scenario value differs from the reference.",
        "zh": "与参照情景没有任何差别。",
    },
    "true": {"en": "yes", "zh": "是"},
    "false": {"en": "no", "zh": "否"},
    "absent": {"en": "absent", "zh": "无"},
    # -- costs ----------------------------------------------------------------------------------
    "col_scenario": {"en": "Scenario", "zh": "情景"},
    "col_cost_total": {"en": "programme cost per year", "zh": "年度项目成本"},
    "col_extra_cost": {"en": "extra cost per year (95% CI)", "zh": "每年新增成本（95%置信区间）"},
    "col_gain_cases": {
        "en": "extra cases resolved in time per year",
        "zh": "每年多按时办结件数",
    },
    "col_cost_per_case": {
        "en": "CNY per extra case resolved in time",
        "zh": "每多按时办结一件的成本",
    },
    "col_gain_points": {"en": "participation change", "zh": "参与率变化"},
    "col_cost_per_point": {
        "en": "CNY per extra point of participation",
        "zh": "参与率每提高1个百分点的成本",
    },
    "standing_dominant": {"en": "gains at no extra cost", "zh": "不增加成本即有收益"},
    "standing_no clear gain": {"en": "no clear gain", "zh": "无明显收益"},
    "standing_clear loss": {"en": "fewer, not more", "zh": "效果反而变差"},
    "costs_note": {
        "en": "Costs are the scenario's unit prices ([costs], all estimates tagged E) times "
        "the run's own quantities, per year, for the {adults} adults simulated; the status quo's "
        "staff, grid workers and meetings are included, so a package's extra cost is the "
        "difference. A ratio is shown only when the gain is clear; its interval is a bootstrap "
        "over seeds.",
        "zh": "成本＝情景[costs]中的单价（均为估计值，标记为E）×本次运行的实际数量，按年计，"
        "对应所模拟的{adults}名成年人；现状下的人员、网格员和会议成本也计算在内，"
        "因此方案的新增成本是两者之差。只有在收益明确时才给出成本效益比，其区间由对随机种子的自助抽样得到。",
    },
    "cost_lines": {"en": "Budget lines (mean over seeds)", "zh": "分项预算（各种子平均）"},
    # -- method ---------------------------------------------------------------------------------
    "method_crn": {
        "en": "Every package ran with the same {seeds} seeds as the reference (common random "
        "numbers): replication k draws the same random numbers in every scenario, so each seed "
        "gives one paired difference and the noise both scenarios share cancels out.",
        "zh": "每个方案与参照情景使用相同的{seeds}个随机种子（共同随机数）：第k次重复在各情景中"
        "抽取相同的随机数，因此每个种子给出一个配对差值，两个情景共有的随机波动相互抵消。",
    },
    "method_correction": {
        "en": "A change is the mean of the paired differences, with its 95% Student-t interval "
        "(per metric). Verdicts come from paired t-tests adjusted with {correction}: the {family} "
        "headline outcomes, chosen before any run, form one family for each package at each "
        "horizon, and the {secondary} other metrics of the full tables a second family. A change "
        "is called better or worse only when its adjusted p-value is below 5%, so an interval "
        "that excludes zero can still read 'no clear difference'.",
        "zh": "变化为配对差值的均值，并给出各指标自身的95% t分布置信区间。判断依据是配对t检验，"
        "采用{correction}：对每个方案在每个评估时点，事先确定的{family}项核心指标为一个检验族，"
        "全部指标表中其余{secondary}项指标为另一个检验族。只有校正后p值低于5%才判为改善或变差，"
        "因此置信区间不含零的指标仍可能显示为“无明显差异”。",
    },
    "method_direction": {
        "en": "Better and worse follow each metric's desirable direction in govsim's metric "
        "registry (a lower backlog or a smaller age gap is better). Neutral metrics such as "
        "channel shares can only change; the run-size counts (days, villagers, problems, cases) "
        "are never judged.",
        "zh": "改善或变差依据govsim指标登记表中各指标的期望方向（积压越少、年龄差距越小越好）。"
        "渠道占比等中性指标只标注“有变化”；天数、村民数、问题数、案件数等运行规模指标不作判断。",
    },
    "method_effect_size": {
        "en": "d_z is the mean difference divided by the standard deviation of the paired "
        "differences (|d_z| about 0.2 small, 0.5 medium, 0.8 large).",
        "zh": "效应量d_z为差值均值除以配对差值的标准差（|d_z|约0.2为小、0.5为中、0.8为大）。",
    },
    "method_paths": {
        "en": "Time paths show the median over seeds (line) and the middle 80% of seeds (band); "
        "rates are over the last 30 days and participation over the last 90 days; the dashed "
        "line marks the roll-out.",
        "zh": "时间路径中，线为各种子的中位数，阴影为中间80%的种子；上报量与按时办结率按最近30天计算，"
        "参与率按最近90天计算；虚线为推行日。",
    },
    "method_scale": {
        "en": "Counts and costs are for the {adults} adults simulated and scale with the "
        "population; shares, days and trust do not.",
        "zh": "件数和成本对应所模拟的{adults}名成年人，随人口规模变化；比例、天数和信任度不随规模变化。",
    },
    "method_fonts": {
        "en": "",
        "zh": "本机未找到中文字体，图中文字以英文显示。",
    },
    "correction_holm": {
        "en": "Holm's step-down correction (family-wise error rate)",
        "zh": "Holm逐步校正（控制族错误率）",
    },
    "correction_bh": {
        "en": "the Benjamini-Hochberg correction (false discovery rate)",
        "zh": "Benjamini-Hochberg校正（控制错误发现率）",
    },
    "correction_none": {"en": "no correction", "zh": "不作校正"},
    # -- figures --------------------------------------------------------------------------------
    "fig_effects_title": {
        "en": "Change from {reference} (95% CI), by outcome",
        "zh": "相对{reference}的变化（95%置信区间）",
    },
    "fig_paths_title": {
        "en": "Headline outcomes over time (median and middle 80% of seeds)",
        "zh": "核心指标随时间的变化（中位数及中间80%的种子）",
    },
    "fig_costs_title": {
        "en": "Programme cost per year by budget line",
        "zh": "年度项目成本（分项）",
    },
    "fig_day": {"en": "day", "zh": "天"},
    "fig_rollout": {"en": "roll-out", "zh": "推行"},
    "fig_horizon": {"en": "{horizon} d", "zh": "第{horizon}天"},
    "fig_cny_per_year": {"en": "CNY per year", "zh": "元/年"},
    "fig_alt_effects": {
        "en": "Forest plot: one panel per headline outcome, each package's change with its 95% interval",
        "zh": "森林图：每个核心指标一个面板，显示各方案的变化及其95%置信区间",
    },
    "fig_alt_paths": {
        "en": "Time paths of the headline outcomes for every scenario",
        "zh": "各情景核心指标的时间路径",
    },
    "fig_alt_costs": {
        "en": "Stacked bars of programme cost per year by budget line",
        "zh": "按预算分项堆叠的年度项目成本条形图",
    },
}

#: Report sections of the scenario (for lever tables).
SECTION_LABELS: dict[str, dict[str, str]] = {
    "departments": {"en": "Departments", "zh": "职能部门"},
    "wechat_groups": {"en": "WeChat groups", "zh": "村微信群"},
    "grid_workers": {"en": "Grid workers", "zh": "网格员"},
    "appraisal": {"en": "Appraisal", "zh": "网格员考核"},
    "cameras": {"en": "Cameras", "zh": "视频监控"},
    "cadres": {"en": "Village cadres", "zh": "村干部"},
    "meetings": {"en": "Village meetings", "zh": "村民会议"},
    "publicity": {"en": "Publicity", "zh": "政策宣传"},
    "incentives": {"en": "Incentives", "zh": "激励"},
    "apps": {"en": "Apps", "zh": "政务App"},
    "enterprises": {"en": "Enterprises", "zh": "企业"},
    "centre": {"en": "Governance centre", "zh": "综治中心"},
    "sharing": {"en": "Information sharing", "zh": "部门信息共享"},
    "feedback": {"en": "Feedback", "zh": "结果反馈"},
    "costs": {"en": "Unit prices", "zh": "单价"},
    "county": {"en": "County", "zh": "县域"},
    "population": {"en": "Population", "zh": "人口"},
    "channels": {"en": "Reporting channels", "zh": "诉求渠道"},
    "reporting": {"en": "Reporting", "zh": "上报行为"},
}

METRIC_LABELS: dict[str, dict[str, str]] = {
    "claimed_resolution_rate": {"en": "resolution reported by departments", "zh": "部门上报解决率"},
    "closed_unresolved_share": {"en": "closed unresolved, reported resolved", "zh": "虚假办结比例"},
    "gaming_detected_share": {"en": "false closures found out", "zh": "虚假办结被查出比例"},
    "recorded_satisfaction": {"en": "recorded satisfaction", "zh": "考核记录的满意度"},
    "rating_inflation": {
        "en": "rating inflation from pressed reporters",
        "zh": "施压导致的满意度虚高",
    },
    "summoned_share": {"en": "cases summoned by villages", "zh": "吹哨报到案件比例"},
    "department_diligence": {"en": "departments' diligence", "zh": "部门办理用心程度"},
    "department_closure_gaming": {"en": "departments' false closures", "zh": "部门虚假办结倾向"},
    "days": {"en": "days simulated", "zh": "模拟天数"},
    "villagers": {"en": "adults simulated", "zh": "模拟成年人数"},
    "problems": {"en": "problems", "zh": "问题数"},
    "cases": {"en": "cases", "zh": "案件数"},
    "detection_rate": {"en": "problems that became cases", "zh": "问题发现率"},
    "reports_per_1000_per_month": {
        "en": "reports per 1,000 adults per month (all)",
        "zh": "每千名成年人每月上报数（全部）",
    },
    "genuine_reports_per_1000_per_month": {
        "en": "reports of real problems per 1,000 adults per month",
        "zh": "每千名成年人每月真实问题上报数",
    },
    "channel_share_hotline": {"en": "share via 12345 hotline", "zh": "12345热线占比"},
    "channel_share_grid_worker": {"en": "share via grid workers", "zh": "网格员渠道占比"},
    "channel_share_village_committee": {
        "en": "share via village committee",
        "zh": "村委会渠道占比",
    },
    "channel_share_wechat": {"en": "share via WeChat groups", "zh": "微信群渠道占比"},
    "channel_share_app": {"en": "share via government app", "zh": "政务App渠道占比"},
    "hotline_phone_share_of_12345": {"en": "12345 intake by phone", "zh": "12345电话受理占比"},
    "genuine_share": {"en": "genuine share of cases", "zh": "有效案件占比"},
    "resolution_rate": {"en": "resolved or settled", "zh": "解决率"},
    "resolved_within_sla_share": {
        "en": "resolved within time limit",
        "zh": "按时办结率",
    },
    "local_settlement_share": {"en": "settled in the village", "zh": "村内就地化解率"},
    "median_days_to_resolution": {"en": "days to resolution (median)", "zh": "办结天数（中位数）"},
    "p90_days_to_resolution": {"en": "days to resolution (90th pct.)", "zh": "办结天数（90分位）"},
    "median_days_single_department": {
        "en": "days, single-department cases (median)",
        "zh": "单部门案件办结天数（中位数）",
    },
    "median_days_cross_department": {
        "en": "days, cross-department cases (median)",
        "zh": "跨部门案件办结天数（中位数）",
    },
    "bounces_per_case": {"en": "bounces per routed case", "zh": "每件派单的退单次数"},
    "escalated_share": {"en": "cases escalated", "zh": "督办升级案件占比"},
    "backlog_end": {"en": "backlog (open cases)", "zh": "积压案件数"},
    "overdue_share": {"en": "overdue share of open cases", "zh": "在办案件超期率"},
    "order_parameter": {
        "en": "cross-department cases resolved in time",
        "zh": "跨部门案件按时办结率",
    },
    "department_relations": {"en": "departments' working relations", "zh": "部门间协作关系"},
    "mean_trust": {"en": "trust", "zh": "群众信任度"},
    "mean_efficacy": {"en": "efficacy", "zh": "群众效能感"},
    "ownership_share": {
        "en": "see themselves as governance subjects",
        "zh": "主体意识（自认为治理主体）",
    },
    "awareness_share": {"en": "policy awareness (villagers)", "zh": "村民政策知晓率"},
    "enterprise_awareness_share": {"en": "policy awareness (enterprises)", "zh": "企业政策知晓率"},
    "participation_share": {"en": "participation", "zh": "参与率"},
    "participation_gap_60_plus": {
        "en": "participation gap, under-60 minus 60+",
        "zh": "参与率年龄差距（60岁以下减60岁及以上）",
    },
    "migrant_participation_share": {"en": "migrants' participation", "zh": "外出务工人员参与率"},
    "reporting_gap_60_plus": {
        "en": "digital-exclusion gap (reporting, under-60 minus 60+)",
        "zh": "数字鸿沟（上报率，60岁以下减60岁及以上）",
    },
    "app_registered_share": {"en": "registered on the app", "zh": "政务App注册率"},
    "app_monthly_active_share": {"en": "app monthly actives", "zh": "政务App月活跃率"},
    "app_retention_3_months": {"en": "app retention after 3 months", "zh": "政务App三个月留存率"},
    "grid_patrol_share": {"en": "grid workers' time on patrol", "zh": "网格员巡查时间占比"},
    "grid_logging_share": {"en": "grid workers' time on logs", "zh": "网格员填写日志时间占比"},
    "points_paid_cny": {"en": "points paid (whole run)", "zh": "积分兑付金额（全程）"},
    "publicity_spent_cny": {"en": "publicity spent (whole run)", "zh": "宣传支出（全程）"},
    "staffing_cost_cny_per_year": {
        "en": "department and centre staff",
        "zh": "部门与综治中心人员",
    },
    "grid_work_cost_cny_per_year": {
        "en": "grid workers, training, audits",
        "zh": "网格员、培训与抽查",
    },
    "cameras_cost_cny_per_year": {"en": "cameras", "zh": "视频监控"},
    "publicity_cost_cny_per_year": {"en": "publicity", "zh": "政策宣传"},
    "incentives_cost_cny_per_year": {"en": "points and recognition", "zh": "积分与表彰"},
    "engagement_cost_cny_per_year": {
        "en": "meetings, livestreams, WeChat groups, forums",
        "zh": "村民会议、直播、微信群与议事",
    },
    "coordination_cost_cny_per_year": {
        "en": "data standard, cloud, lists, app features, feedback",
        "zh": "数据标准、政务云、责任清单、App功能与反馈",
    },
    "accountability_cost_cny_per_year": {
        "en": "department audits, call-backs, ratings, summons, case tracking",
        "zh": "部门核查、回访、评价、吹哨报到与办件公开",
    },
    "programme_cost_cny_per_year": {"en": "programme cost per year", "zh": "年度项目成本"},
    "resolved_in_time_cases_per_year": {
        "en": "cases resolved in time per year",
        "zh": "每年按时办结件数",
    },
}

LEVER_LABELS: dict[str, dict[str, str]] = {
    "department_appraisal.closed_weight": {"en": "department appraisal: weight on closures", "zh": "部门考核：办结率权重"},
    "department_appraisal.resolved_weight": {"en": "department appraisal: weight on reported resolution", "zh": "部门考核：上报解决率权重"},
    "department_appraisal.in_time_weight": {"en": "department appraisal: weight on resolution in time", "zh": "部门考核：按时解决率权重"},
    "department_appraisal.satisfaction_weight": {"en": "department appraisal: weight on reporters' ratings", "zh": "部门考核：满意度权重"},
    "department_appraisal.period_days": {"en": "days between departments' appraisals", "zh": "部门考核周期（天）"},
    "department_appraisal.public_ranking": {"en": "departments' appraisal ranked and published", "zh": "公开部门考核排名"},
    "department_appraisal.audit_rate": {"en": "audits of reported resolutions", "zh": "对上报已解决案件的现场核查比例"},
    "evaluation.evaluated_share": {"en": "reporters asked to rate the outcome", "zh": "回访评价比例"},
    "evaluation.callback_share": {"en": "ratings collected by independent call-backs", "zh": "第三方独立回访比例"},
    "summons.enabled": {"en": "villages summon departments to unsettled matters", "zh": "街乡吹哨、部门报到"},
    "summons.share": {"en": "share of unsettled matters summoned", "zh": "吹哨比例"},
    "transparency.level": {"en": "cases whose progress is public", "zh": "办理过程公开的案件比例"},
    "departments.*.staff_per_100k_adults": {
        "en": "{department}: case-handling staff per 100,000 adults",
        "zh": "{department}：每10万成年人配备的办案人员",
    },
    "departments.*.data_standard": {
        "en": "{department}: adopted the unified data standard at the start",
        "zh": "{department}：起始即采用统一数据标准",
    },
    "wechat_groups.run_by_young_party_members": {
        "en": "village WeChat groups run by young party members",
        "zh": "由青年党员建立并管理村微信群",
    },
    "grid_workers.households_per_worker": {
        "en": "households per grid worker",
        "zh": "每名网格员负责户数",
    },
    "grid_workers.logging_minutes_per_day": {
        "en": "grid workers' minutes a day writing logs",
        "zh": "网格员每日填写工作日志时长",
    },
    "grid_workers.publicity_minutes_per_day": {
        "en": "grid workers' minutes a day of door-to-door publicity",
        "zh": "网格员每日入户宣传时长",
    },
    "grid_workers.training": {
        "en": "grid workers trained in report writing",
        "zh": "网格员接受事件上报写作培训",
    },
    "appraisal.count_weight": {
        "en": "appraisal weight on the count of reports",
        "zh": "考核中上报数量的权重",
    },
    "appraisal.resolution_weight": {
        "en": "appraisal weight on reports resolved",
        "zh": "考核中问题解决的权重",
    },
    "appraisal.satisfaction_weight": {
        "en": "appraisal weight on reporters' satisfaction",
        "zh": "考核中群众满意度的权重",
    },
    "appraisal.audit_rate": {
        "en": "share of grid reports audited on the spot",
        "zh": "网格上报事件现场抽查比例",
    },
    "appraisal.penalty": {
        "en": "appraisal penalty for an inflated report caught",
        "zh": "查实虚报事件的考核扣分",
    },
    "cameras.coverage_share": {"en": "share of grids covered by cameras", "zh": "视频监控覆盖的网格比例"},
    "cadres.mediation_cases_per_cadre_per_day": {
        "en": "small matters one cadre can mediate a day",
        "zh": "每名村干部每日可调解的小事件数",
    },
    "cadres.local_settlement": {
        "en": "cadres settle small matters in the village",
        "zh": "村干部就地化解小事（“枫桥经验”）",
    },
    "meetings.interval_days": {"en": "days between village meetings", "zh": "村民会议间隔天数"},
    "meetings.livestream": {
        "en": "village meetings livestreamed for migrants",
        "zh": "村民会议网络直播（外出务工人员可参与）",
    },
    "meetings.self_government_share": {
        "en": "share of villages with self-government groups",
        "zh": "设有村民自治小组的村比例",
    },
    "publicity.budget_cny_per_adult_per_year": {
        "en": "publicity budget per adult per year",
        "zh": "人均年度宣传经费",
    },
    "publicity.website.budget_share": {
        "en": "publicity budget share: official website",
        "zh": "宣传经费占比：政府官网",
    },
    "publicity.tv_radio.budget_share": {
        "en": "publicity budget share: county TV and radio",
        "zh": "宣传经费占比：县级电视广播",
    },
    "publicity.village_meetings.budget_share": {
        "en": "publicity budget share: village meetings",
        "zh": "宣传经费占比：村民会议",
    },
    "publicity.party_members.budget_share": {
        "en": "publicity budget share: party members",
        "zh": "宣传经费占比：党员宣讲",
    },
    "publicity.wechat_groups.budget_share": {
        "en": "publicity budget share: village WeChat groups",
        "zh": "宣传经费占比：村微信群",
    },
    "publicity.plain_language": {"en": "plain-language messages", "zh": "使用通俗易懂的宣传语言"},
    "incentives.points_enabled": {"en": "points system for reports", "zh": "上报积分制"},
    "incentives.cny_per_point": {"en": "cash value of a point", "zh": "每积分兑换金额"},
    "incentives.points_per_report": {"en": "points per accepted report", "zh": "每件有效上报所得积分"},
    "incentives.budget_cny_per_adult_per_year": {
        "en": "points budget per adult per year",
        "zh": "人均年度积分预算",
    },
    "incentives.validation": {"en": "reports checked before points are paid", "zh": "积分兑付前核实上报"},
    "incentives.spiritual_enabled": {
        "en": "recognition and party/candidate recommendation",
        "zh": "精神激励（表彰、推荐入党或作为村干部候选人）",
    },
    "apps.event_classification": {
        "en": "event classification in the grid and public apps",
        "zh": "网格App与政务App增加事件分类功能",
    },
    "apps.feedback_feature": {
        "en": "app notifies reporters of progress and closure",
        "zh": "App推送办理进度和结果",
    },
    "apps.needs_fit": {"en": "how well the app fits villagers' needs", "zh": "App与群众需求的契合度"},
    "enterprises.forum_inclusion_share": {
        "en": "share of firms invited to village forums",
        "zh": "受邀参加村级议事的企业比例",
    },
    "enterprises.points_inclusion": {
        "en": "firms included in points and recognition",
        "zh": "企业纳入积分与表彰体系",
    },
    "centre.staff_per_100k_adults": {
        "en": "governance-centre dispatchers per 100,000 adults",
        "zh": "综治中心每10万成年人配备的派单人员",
    },
    "centre.sla_general_days": {
        "en": "time limit for single-department cases",
        "zh": "一般事项办理时限",
    },
    "centre.sla_complex_days": {
        "en": "time limit for cross-department cases",
        "zh": "复杂（跨部门）事项办理时限",
    },
    "centre.escalation_after_days": {
        "en": "days open before a case is escalated",
        "zh": "案件超过多少天督办升级",
    },
    "sharing.data_standard_share": {
        "en": "share of departments adopting the unified data standard",
        "zh": "采用统一数据标准的部门比例",
    },
    "sharing.standard_rollout_start_day": {
        "en": "day the data-standard roll-out starts",
        "zh": "统一数据标准开始推行的日期",
    },
    "sharing.standard_rollout_days": {
        "en": "days the data-standard roll-out takes",
        "zh": "统一数据标准推行所需天数",
    },
    "sharing.shared_cloud": {
        "en": "departments share a government cloud",
        "zh": "部门共享政务云平台",
    },
    "sharing.responsibility_list_coverage": {
        "en": "share of categories with a lead/assist responsibility list",
        "zh": "有牵头/协办责任清单的事项类别比例",
    },
    "sharing.linkage_meetings_per_month": {
        "en": "joint department (linkage) meetings a month",
        "zh": "每月部门联席会议次数",
    },
    "feedback.notified_share": {"en": "share of reporters told the outcome", "zh": "办理结果反馈率"},
    # unit prices ([costs])
    "costs.department_staff_cny_per_year": {"en": "department staff, per staff-year", "zh": "部门办案人员年人均成本"},
    "costs.centre_staff_cny_per_year": {"en": "centre dispatcher, per staff-year", "zh": "综治中心派单人员年人均成本"},
    "costs.grid_worker_cny_per_year": {"en": "grid worker, per year", "zh": "网格员年薪酬"},
    "costs.grid_worker_training_cny_per_year": {"en": "grid-worker training, per worker and year", "zh": "网格员年培训费"},
    "costs.audit_cny_per_report": {"en": "one on-the-spot audit", "zh": "每次现场抽查成本"},
    "costs.notification_cny_per_report": {"en": "telling one reporter the outcome", "zh": "每次结果反馈成本"},
    "costs.callback_cny_per_case": {"en": "one independent call-back", "zh": "每次独立回访成本"},
    "costs.rating_cny_per_case": {"en": "one rating collected by a department", "zh": "每次部门收集评价成本"},
    "costs.summons_cny_per_case": {"en": "one summons of a department to a village", "zh": "每次吹哨报到成本"},
    "costs.case_tracking_cny_per_100k_adults_per_year": {"en": "public case tracking, per 100k adults and year", "zh": "办件公开跟踪年成本（每10万成年人）"},
    "costs.progress_notice_cny_per_case": {"en": "posting one case's progress", "zh": "每件办理进度公开成本"},
    "costs.camera_cny_per_covered_grid_per_year": {"en": "cameras, per covered grid and year", "zh": "每个覆盖网格的年度监控成本"},
    "costs.event_classification_cny_per_100k_adults_per_year": {"en": "event classification, per 100k adults and year", "zh": "事件分类功能年成本（每10万成年人）"},
    "costs.app_feedback_cny_per_100k_adults_per_year": {"en": "app feedback feature, per 100k adults and year", "zh": "App反馈功能年成本（每10万成年人）"},
    "costs.data_standard_cny_per_100k_adults_per_year": {"en": "unified data standard, per 100k adults and year", "zh": "统一数据标准年成本（每10万成年人）"},
    "costs.shared_cloud_cny_per_100k_adults_per_year": {"en": "shared government cloud, per 100k adults and year", "zh": "政务云年成本（每10万成年人）"},
    "costs.responsibility_lists_cny_per_100k_adults_per_year": {"en": "responsibility lists, per 100k adults and year", "zh": "责任清单年成本（每10万成年人）"},
    "costs.linkage_meeting_cny_per_100k_adults": {"en": "one linkage meeting, per 100k adults", "zh": "每次联席会议成本（每10万成年人）"},
    "costs.plain_language_cny_per_100k_adults_per_year": {"en": "plain-language material, per 100k adults and year", "zh": "通俗宣传材料年成本（每10万成年人）"},
    "costs.village_meeting_cny": {"en": "one village meeting", "zh": "每次村民会议成本"},
    "costs.livestream_cny_per_meeting": {"en": "livestreaming one meeting", "zh": "每次会议直播成本"},
    "costs.wechat_group_cny_per_village_per_year": {"en": "WeChat-group stipend, per village and year", "zh": "微信群管理补贴（每村每年）"},
    "costs.self_government_group_cny_per_year": {"en": "one self-government group, per year", "zh": "每个村民自治小组年经费"},
    "costs.points_administration_cny_per_village_per_year": {"en": "running the points system, per village and year", "zh": "积分制管理成本（每村每年）"},
    "costs.recognition_cny_per_village_per_year": {"en": "recognition, per village and year", "zh": "表彰激励成本（每村每年）"},
    "costs.enterprise_forum_cny_per_firm_per_year": {"en": "including one firm, per year", "zh": "每家企业参与议事的年成本"},
}  # fmt: skip

#: Department names in Chinese (the default departments; others are shown by their identifier).
DEPARTMENT_NAMES_ZH: dict[str, str] = {
    "civil_affairs": "民政",
    "judicial": "司法",
    "market_regulation": "市场监管",
    "natural_resources": "自然资源",
    "environment": "生态环境",
    "agriculture": "农业农村",
    "public_security": "公安",
    "housing_transport": "住建交通",
    "human_resources": "人社",
}


#: Scenario units in Chinese (lever tables); others are shown as written.
UNIT_LABELS_ZH: dict[str, str] = {
    "share": "比例",
    "days": "天",
    "day": "第几天",
    "minutes/day": "分钟/天",
    "households": "户",
    "staff/100k adults": "人/10万成年人",
    "cases/cadre/day": "件/人/天",
    "meetings/month": "次/月",
    "CNY/adult/year": "元/人/年",
    "CNY/point": "元/分",
    "points/report": "分/件",
    "0-1": "0-1",
    "count-weights": "倍（单件计数奖励）",
}


def unit_label(unit: str, lang: Lang = "en") -> str:
    """A scenario unit as a reader sees it ("" for dimensionless flags)."""
    if unit == "-":
        return ""
    if lang == "zh":
        if unit in UNIT_LABELS_ZH:
            return UNIT_LABELS_ZH[unit]
        if unit.startswith("CNY/"):
            return "元/" + unit.removeprefix("CNY/")
    return unit


def text(message_id: str, lang: Lang = "en", /, **fields: object) -> str:
    """The message ``message_id`` in ``lang``, with ``fields`` filled in.

    Raises
    ------
    KeyError
        For an unknown message id (the message names it).
    """
    try:
        entry = MESSAGES[message_id]
    except KeyError:
        raise KeyError(f"no report message {message_id!r}") from None
    return entry[lang].format(**fields) if fields else entry[lang]


def metric_label(name: str, lang: Lang = "en") -> str:
    """The short label of a summary metric (its name when none is catalogued)."""
    entry = METRIC_LABELS.get(name)
    return entry[lang] if entry else name


def lever_label(path: str, lang: Lang = "en", default: str = "") -> str:
    """A lever or unit price in words, by its dotted path.

    Department levers (``departments.judicial.staff_per_100k_adults``) use the ``departments.*``
    entry with the department's name. A path without an entry falls back to ``default`` (the
    schema's description) or the path itself.
    """
    entry = LEVER_LABELS.get(path)
    department = ""
    if entry is None and path.startswith("departments."):
        _, department, leaf = path.split(".", 2)
        entry = LEVER_LABELS.get(f"departments.*.{leaf}")
    if entry is None:
        return default or path
    name = DEPARTMENT_NAMES_ZH.get(department, department) if lang == "zh" else department
    return entry[lang].format(department=name.replace("_", " "))
