"""The calculator registry: one declaration per calculator, read by everything else.

A `Calculator` names its compute function, its inputs (the form fields, CLI options and
batch columns in one list), its key figures, its renderer and chart, its batch columns,
the policy areas it reads and sample inputs. The browser glue (web.py), the CLI
(__main__.py), batch mode (batch.py), the macros (forms, worked examples, the nav of the
calculator pages), the memory snapshot, the benchmark and the tests all iterate over
`CALCULATORS`; none of them names a calculator.

Adding a calculator: its module (compute, result with `as_json()` and `steps`, renderer,
chart, batch cells, and the schema of its own data file if it has one), its data file,
its two pages (`docs/calculators/<name>.md` and `.en.md`), one entry at the end of this
file, and its tests. The policy owner adds the new page's owner and review dates to
data/pages.toml, as for every page. The nav, forms, CLI, batch, snapshot, benchmark,
parity tests and the page footer's policy names follow from the entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import CalculatorError
from .schema import Spec
from .schemas import SCHEMAS as SHARED_SCHEMAS

Label = Mapping[str, str]  # {"zh": "…", "en": "…"}
KINDS = ("text", "select", "date", "textarea")
INPUTMODES = ("decimal", "numeric", "text")


@dataclass(frozen=True)
class Option:
    """One choice of a select: the value sent to the calculator and what the reader sees."""

    value: str
    label: Label


@dataclass(frozen=True)
class Field:
    """One input: a form field, a CLI option (`--name-with-dashes`) and a batch column."""

    name: str
    label: Label
    help: Label | None = None
    cli: str = ""  # the CLI option's help (argparse: % doubled)
    unit: Label | None = None
    kind: str = "text"  # text | select | date | textarea
    default: str = ""  # an example input, as a person types it
    default_from: str = ""  # or a policy key path (resolved at build time)
    default_suffix: str = ""  # appended to default_from's number: % or 万
    options: tuple[Option, ...] = ()
    options_from: str = ""  # a policy table whose keys become options, named by `name`
    inputmode: str = "decimal"
    more: bool = False  # under "more options"
    aliases: tuple[str, ...] = ()  # other column headers people use for it in a CSV (完成率)


@dataclass(frozen=True)
class Output:
    """A key figure: a JSON field of the result, shown in `<output name="...">`."""

    name: str
    label: Label
    unit: Label | None = None  # (the formatted figure carries its unit; kept for reference)
    headline: bool = False  # the one figure the reader came for: shown first and large


Row = Mapping[str, Any]
Compute = Callable[..., Any]  # (row, policy=None, explain=True) -> result (.as_json(), .steps)
Render = Callable[[Mapping[str, Any], str, Any], str]  # (result JSON, lang, policy) -> HTML
Text = Callable[[Mapping[str, Any], str, Any], list[str]]  # result JSON, lang -> text lines
Cells = Callable[[Any], dict[str, str]]  # result -> CSV cells (the batch columns)
# A whole-table calculator (the marketing star ranks the rows against each other): the
# rows in, one dict of cells or one CalculatorError per row out, in order.
Table = Callable[[Sequence[Row], Any], list["dict[str, str] | CalculatorError"]]


@dataclass(frozen=True)
class Calculator:
    name: str
    title: Label
    fields: tuple[Field, ...]
    outputs: tuple[Output, ...]
    compute: Compute
    render: Render
    chart: Render  # the SVG chart of a result (render puts it in the HTML)
    text: Text  # the result's figures as plain text lines ("copy the result", the CLI)
    batch_columns: tuple[str, ...]
    batch_cells: Cells | None = None  # one row at a time (bonus, split, deviation) ...
    batch_table: Table | None = None  # ... or the whole table at once (star)
    samples: tuple[Mapping[str, str], ...] = ()  # typical inputs: snapshot, bench, tests
    areas: tuple[str, ...] = ()  # the policy areas it reads
    schemas: Mapping[str, Spec] = field(default_factory=dict)  # data files it owns
    # The key figures as the reader sees them ({output name: "20,000.00 元"}), made by
    # calculators.render from the result JSON; None: the JSON strings as they are.
    display: Text | None = None

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def run(self, row: Row, policy: Any = None, explain: bool = True) -> Any:
        return self.compute(row, policy, explain)


# ---------------------------------------------------------------- entries ---
# Imported here, after the declarations: the calculator modules import nothing from here.
from . import bonus, deviation, render, split, star  # noqa: E402

BONUS = Calculator(
    name="bonus",
    title={"zh": "绩效奖金计算器", "en": "Bonus calculator"},
    fields=(
        Field(
            "completion",
            {"zh": "KPI 完成率", "en": "KPI completion"},
            help={
                "zh": "可写 120%、1.2 或 120；填写下方 KPI 明细时留空",
                "en": "Type 120%, 1.2 or 120; leave empty when you list KPIs below",
            },
            unit={"zh": "%", "en": "%"},
            default_from="bonus.ladder[2].completion_pct",
            default_suffix="%",
            cli="KPI completion: 120%, 1.2 or 120",
            aliases=("完成率", "kpi完成率"),
        ),
        Field(
            "target_bonus",
            {"zh": "目标奖金", "en": "Target bonus"},
            help={"zh": "可写 10000、1万 或 10,000", "en": "Type 10000, 1万 or 10,000"},
            unit={"zh": "元", "en": "yuan"},
            default="10000",
            cli="target bonus in yuan: 10000, 1万, 1,000",
            aliases=("目标奖金",),
        ),
        Field(
            "special_bonus",
            {"zh": "专项奖金", "en": "Special project bonus"},
            help={
                "zh": "一次性全额发放，不折算、不封顶；没有则留空",
                "en": "Paid once in full, neither prorated nor capped; leave empty if none",
            },
            unit={"zh": "元", "en": "yuan"},
            more=True,
            cli="special project bonus in yuan (paid once, in full)",
            aliases=("专项奖金",),
        ),
        Field(
            "kpis",
            {"zh": "KPI 明细（代替完成率）", "en": "KPIs (instead of one completion rate)"},
            help={
                "zh": "每行一项 KPI：名称、目标、实际、权重，用冒号隔开；越低越好的指标末尾加 :lower。例如 营收:5000万:5500万:60%",
                "en": "One KPI per line: name, target, actual and weight, separated by colons; add :lower for a lower-is-better KPI. E.g. revenue:5000万:5500万:60%",
            },
            kind="textarea",
            more=True,
            cli="several KPIs instead: 'name:target:actual:weight[:higher|lower]; ...'",
        ),
        Field(
            "period",
            {"zh": "奖金周期", "en": "Bonus period"},
            help={
                "zh": "month、quarter，或具体期间 2026-07、2026-Q3（用于折算）",
                "en": "month, quarter, or a dated period such as 2026-07 or 2026-Q3 (for proration)",
            },
            inputmode="text",
            more=True,
            cli="month, quarter, or a dated period: 2026-07, 2026-Q3",
            aliases=("周期", "期间"),
        ),
        Field(
            "start_date",
            {"zh": "本岗位入职日期", "en": "Start date in the role"},
            help={
                "zh": "期中入职时按在岗自然日折算",
                "en": "Started during the period: prorated by calendar days in role",
            },
            kind="date",
            more=True,
            cli="start date in role, for proration: 2026-07-16",
            aliases=("入职日期",),
        ),
        Field(
            "days_in_role",
            {"zh": "在岗天数", "en": "Days in role"},
            help={
                "zh": "代替入职日期；与入职日期只填一项",
                "en": "Instead of a start date; give one or the other",
            },
            unit={"zh": "天", "en": "days"},
            inputmode="numeric",
            more=True,
            cli="days in role this period, for proration",
            aliases=("在岗天数",),
        ),
    ),
    outputs=(
        Output("total", {"zh": "应发奖金（折算及专项奖金后）",
                         "en": "Bonus payable (after proration and special bonus)"},
               unit={"zh": "元", "en": "yuan"}, headline=True),
        Output("completion_pct", {"zh": "完成率", "en": "Completion"}, unit={"zh": "%", "en": "%"}),
        Output("tier", {"zh": "档位", "en": "Tier"}),
        Output("payout_pct", {"zh": "发放比例", "en": "Payout rate"}, unit={"zh": "%", "en": "%"}),
        Output("payout", {"zh": "按完成率的奖金（折算前）", "en": "Bonus at this rate (before "
                          "proration)"}, unit={"zh": "元", "en": "yuan"}),
        Output("proration_pct", {"zh": "在岗折算", "en": "Proration"},
               unit={"zh": "%", "en": "%"}),
        Output("special_bonus", {"zh": "专项奖金", "en": "Special bonus"},
               unit={"zh": "元", "en": "yuan"}),
    ),
    compute=bonus.compute_row,
    display=render.bonus_display,
    render=render.render_bonus,
    chart=render.bonus_chart,
    text=render.bonus_text,
    batch_columns=(
        "completion_pct",
        "tier",
        "payout_pct",
        "payout",
        "proration_pct",
        "prorated",
        "special_bonus",
        "total",
    ),
    batch_cells=bonus.batch_cells,
    samples=(
        {"completion": "100%", "target_bonus": "10000"},
        {
            "completion": "120%",
            "target_bonus": "1万",
            "period": "2026-Q3",
            "start_date": "2026-08-01",
        },
    ),
    areas=("bonus", "holidays"),
)

SPLIT = Calculator(
    name="split",
    title={"zh": "目标拆解计算器", "en": "Target split calculator"},
    fields=(
        Field(
            "total",
            {"zh": "目标", "en": "Target"},
            help={
                "zh": "可写 5000万、1.5亿、5000；比率写 25%",
                "en": "Type 5000万, 1.5亿 or 5000; a rate as 25%",
            },
            default_from="goals.quarter_example.revenue_wan_yuan",
            default_suffix="万",
            cli="the target: 5000, 5000万, 1.5亿, or a rate such as 25%",
            aliases=("目标", "目标值", "季度目标值"),
        ),
        Field(
            "period",
            {"zh": "期间", "en": "Period"},
            help={
                "zh": "要拆分的期间：2026、2026-Q3、2026-07；只按人拆分且无新入职人员时可留空",
                "en": "The period to split: 2026, 2026-Q3, 2026-07; may be empty when you "
                      "split only among people and nobody is new",
            },
            default="2026-Q3",
            inputmode="text",
            cli="split a period: 2026, 2026-Q3, 2026-07",
            aliases=("周期", "期间"),
        ),
        Field(
            "into",
            {"zh": "拆分到", "en": "Split into"},
            help={"zh": "期间拆到哪一级；填写了人员时，每一期再按人拆分",
                  "en": "How far down the period goes; with names, each of these periods is "
                        "then split among the people"},
            kind="select",
            default="month",
            options=(
                Option("", {"zh": "下一级（自动）", "en": "The next level (automatic)"}),
                Option("quarter", {"zh": "季度", "en": "Quarters"}),
                Option("month", {"zh": "月", "en": "Months"}),
                Option("week", {"zh": "周", "en": "Weeks"}),
            ),
            cli="quarter, month or week",
        ),
        Field(
            "basis",
            {"zh": "拆分依据", "en": "Basis"},
            help={"zh": "按工作日需要节假日数据", "en": "Working days use the holiday calendar"},
            kind="select",
            options=(
                Option(
                    "",
                    {
                        "zh": "自动（有权重时按权重）",
                        "en": "Automatic (weighted when weights are given)",
                    },
                ),
                Option("even", {"zh": "平均", "en": "Even"}),
                Option("days", {"zh": "按自然日", "en": "Calendar days"}),
                Option("working", {"zh": "按工作日", "en": "Working days"}),
                Option("weighted", {"zh": "按权重", "en": "Weighted"}),
            ),
            cli="even, days, working (holiday calendar) or weighted",
        ),
        Field(
            "weights",
            {"zh": "权重", "en": "Weights"},
            help={
                "zh": "相对权重，如 30,35,35；填写了人员时是各人的权重（产能、区域），"
                      "否则是各期间的权重（季节性）；留空则平均",
                "en": "Relative weights, e.g. 30,35,35: the people's (capacity, territory) "
                      "when names are given, else the periods' (seasonality); empty = even",
            },
            inputmode="text",
            cli="comma-separated relative weights: 16,17,17 (omitted = even)",
            aliases=("权重",),
        ),
        Field(
            "buffer",
            {"zh": "弹性（超额分配）", "en": "Buffer (over-assignment)"},
            help={"zh": "10%–15%，各部分合计 = 目标 × (1 + 弹性)；留空则按原目标拆分",
                  "en": "10 %–15 %: the parts add up to target × (1 + buffer); empty for an "
                        "exact split"},
            unit={"zh": "%", "en": "%"},
            cli="over-assignment 10%-15% (empty = exact split)",
            aliases=("弹性",),
        ),
        Field(
            "parts",
            {"zh": "份数", "en": "Number of parts"},
            help={"zh": "不按期间、没有权重和名称时填写", "en": "Without a period, weights or names"},
            inputmode="numeric",
            more=True,
            cli="number of parts when no weights are given",
            aliases=("份数",),
        ),
        Field(
            "labels",
            {"zh": "名称（人员）", "en": "Names (people)"},
            help={
                "zh": "按人拆分：用逗号分隔，如 张三,李四,王五；与期间同填时每一期再拆到人",
                "en": "Split among people: comma-separated, e.g. Zhang,Li,Wang; with a period, "
                      "each period is split among them",
            },
            inputmode="text",
            cli="names of the parts (people): 张三,李四,王五",
            aliases=("名称",),
        ),
        Field(
            "start_dates",
            {"zh": "入职日期（新人）", "en": "Start dates (new hires)"},
            help={
                "zh": "新人按带教期产能爬坡计（需填写期间）；与名称顺序一致，老员工留空，"
                      "如 ,2026-07-15,",
                "en": "New hires count with the mentoring ramp (needs the period); in the "
                      "order of the names, empty for people already in role: ,2026-07-15,",
            },
            inputmode="text",
            more=True,
            cli="people mode: start dates in the order of the labels (empty = in role)",
        ),
        Field(
            "unit",
            {"zh": "单位", "en": "Unit"},
            help={
                "zh": "带“万”的目标默认按万元",
                "en": "A target typed with 万 is in 10k yuan by default",
            },
            kind="select",
            options_from="decomposition.units",
            more=True,
            options=(Option("", {"zh": "自动", "en": "Automatic"}),),
            cli="yuan, wan_yuan, customers, exposures, wan",
        ),
        Field(
            "decimals",
            {"zh": "小数位数", "en": "Decimal places"},
            help={"zh": "默认按单位", "en": "Default: the unit's"},
            inputmode="numeric",
            more=True,
            cli="decimal places of the parts (default: the unit's)",
        ),
        Field(
            "metric",
            {"zh": "比率型指标", "en": "Ratio metric"},
            help={
                "zh": "比率型指标不拆分，每部分沿用同一目标",
                "en": "A ratio is not divided: every part carries the same target",
            },
            kind="select",
            options_from="decomposition.ratio_metrics",
            more=True,
            options=(Option("", {"zh": "无（数量型目标）", "en": "None (a volume target)"}),),
            cli="a ratio metric (conversion_rate, cac, roi, ...) is copied, not divided",
            aliases=("指标",),
        ),
    ),
    outputs=(
        Output("total", {"zh": "各部分合计", "en": "Parts add up to"}, headline=True),
        Output("target", {"zh": "目标", "en": "Target"}),
        Output("buffer_pct", {"zh": "弹性", "en": "Buffer"}, unit={"zh": "%", "en": "%"}),
    ),
    compute=split.split_row,
    display=render.split_display,
    render=render.render_split,
    chart=render.split_chart,
    text=render.split_text,
    batch_columns=("total", "parts", "unit", "ratio"),
    batch_cells=split.batch_cells,
    samples=(
        {"total": "5000万", "period": "2026-Q3", "into": "month"},
        {"total": "100", "weights": "30,35,35", "labels": "张三,李四,王五"},
    ),
    areas=("decomposition", "holidays"),
)

DEVIATION = Calculator(
    name="deviation",
    title={"zh": "偏差检查计算器", "en": "Deviation check calculator"},
    fields=(
        Field(
            "plan",
            {"zh": "计划值", "en": "Plan"},
            help={
                "zh": "整期计划；可写 500、5000万",
                "en": "The whole period's plan; 500 or 5000万",
            },
            default="500",
            cli="planned value",
            aliases=("计划值", "计划"),
        ),
        Field(
            "actual",
            {"zh": "实际值", "en": "Actual"},
            help={"zh": "截至目前的实际完成", "en": "What has been achieved so far"},
            default="380",
            cli="actual value",
            aliases=("实际值", "实际"),
        ),
        Field(
            "metric",
            {"zh": "指标", "en": "Metric"},
            help={
                "zh": "指标自带方向、预警线和负责人",
                "en": "A metric brings its own direction, warning line and owner",
            },
            kind="select",
            options_from="deviation.metrics",
            options=(Option("", {"zh": "其他指标", "en": "Another metric"}),),
            cli="a metric id or name from the policy",
            aliases=("指标",),
        ),
        Field(
            "direction",
            {"zh": "方向", "en": "Direction"},
            help={
                "zh": "不选则按指标（默认越高越好）",
                "en": "Empty: the metric's (higher is better by default)",
            },
            kind="select",
            options=(
                Option("", {"zh": "按指标", "en": "The metric's"}),
                Option("higher", {"zh": "越高越好", "en": "Higher is better"}),
                Option("lower", {"zh": "越低越好", "en": "Lower is better"}),
                Option("both", {"zh": "双向", "en": "Both ways count"}),
            ),
            cli="higher, lower or both",
            aliases=("方向",),
        ),
        Field(
            "progress",
            {"zh": "时间进度", "en": "Period progress"},
            help={
                "zh": "期中检查时填写，如 50%；留空则与整期计划比较",
                "en": "For a check mid-period, e.g. 50%; empty compares with the whole plan",
            },
            unit={"zh": "%", "en": "%"},
            more=True,
            cli="share of the period elapsed: 50%",
            aliases=("进度",),
        ),
        Field(
            "elapsed_days",
            {"zh": "已过天数", "en": "Days elapsed"},
            help={
                "zh": "代替时间进度，与周期天数一起填写",
                "en": "Instead of progress, with the days in the period",
            },
            unit={"zh": "天", "en": "days"},
            inputmode="numeric",
            more=True,
            cli="days elapsed",
        ),
        Field(
            "period_days",
            {"zh": "周期天数", "en": "Days in the period"},
            help={"zh": "与已过天数一起填写", "en": "With the days elapsed"},
            unit={"zh": "天", "en": "days"},
            inputmode="numeric",
            more=True,
            cli="days in the period",
        ),
        Field(
            "period",
            {"zh": "期间", "en": "Period"},
            help={
                "zh": "按日期算进度：期间 2026-07 与截至日期",
                "en": "Progress from dates: the period (2026-07) and the as-of date",
            },
            inputmode="text",
            more=True,
            cli="dated period for progress: 2026-07",
            aliases=("周期", "期间"),
        ),
        Field(
            "as_of",
            {"zh": "截至日期", "en": "As of"},
            help={"zh": "实际值统计到哪一天", "en": "The date of the actual figure"},
            kind="date",
            more=True,
            cli="date of the actual: 2026-07-15",
        ),
        Field(
            "basis",
            {"zh": "进度按", "en": "Progress by"},
            help={"zh": "按日期算进度时使用", "en": "Used with a period and an as-of date"},
            kind="select",
            more=True,
            options=(
                Option("", {"zh": "自然日", "en": "Calendar days"}),
                Option("working", {"zh": "工作日", "en": "Working days"}),
            ),
            cli="calendar or working days for progress",
        ),
    ),
    outputs=(
        Output("deviation_pct", {"zh": "偏差率", "en": "Deviation"}, unit={"zh": "%", "en": "%"},
               headline=True),
        Output("plan_to_date", {"zh": "截至目前计划", "en": "Plan to date"}),
        Output("actual", {"zh": "实际", "en": "Actual"}),
        Output("deviation", {"zh": "偏差", "en": "Deviation (amount)"}),
    ),
    compute=deviation.check_row,
    display=render.deviation_display,
    render=render.render_deviation,
    chart=render.deviation_chart,
    text=render.deviation_text,
    batch_columns=(
        "plan_to_date",
        "deviation",
        "deviation_pct",
        "favourable",
        "status",
        "owner",
        "actions",
    ),
    batch_cells=deviation.batch_cells,
    samples=(
        {"plan": "500", "actual": "380"},
        {"plan": "5000万", "actual": "4600万", "metric": "revenue", "progress": "50%"},
    ),
    areas=("deviation", "holidays"),
)

STAR = Calculator(
    name="star",
    title={"zh": "营销之星计算器", "en": "Marketing star calculator"},
    fields=(
        Field(
            "results",
            {"zh": "团队成员业绩", "en": "The team's results"},
            help={
                "zh": "每行一人：姓名和业绩，如 张三 120、张三: 5500万 或 张三,120；"
                      "多项指标用逗号分隔，如 张三: 5500万, 12",
                "en": "One person per line: name and result, e.g. 张三 120, 张三: 5500万 or "
                      "张三,120; several metrics separated by commas: 张三: 5500万, 12",
            },
            kind="textarea",
            default="张三 5500万\n李四 4800万\n王五 4800万\n赵六 4200万\n钱七 3900万",
            inputmode="text",
            cli="one person per line: 'name result' (张三 120, 张三: 5500万, 张三,120); "
                "several metrics: '张三: 5500万, 12'",
            aliases=("业绩", "结果", "成绩", "业绩结果"),
        ),
        Field(
            "metrics",
            {"zh": "指标与权重", "en": "Metrics and weights"},
            help={
                "zh": "只有一项业绩时留空；多项指标如 营收:60%, 新客户:40%，"
                      "越低越好的指标加 :lower，如 获客成本:20%:lower",
                "en": "Empty for one result per person; several, e.g. 营收:60%, 新客户:40%; "
                      "add :lower to a lower-is-better metric, e.g. cost:20%:lower",
            },
            inputmode="text",
            cli="several metrics: 'name:weight[:lower], ...' e.g. '营收:60%, 新客户:40%'",
            aliases=("指标", "权重"),
        ),
        Field(
            "month",
            {"zh": "评选月份", "en": "Month"},
            help={"zh": "如 2026-07，显示在结果中；可留空", "en": "e.g. 2026-07, shown in the "
                  "result; optional"},
            inputmode="text",
            cli="the month of the award: 2026-07 (optional)",
            aliases=("月份", "评选月份"),
        ),
        Field(
            "team",
            {"zh": "团队名称", "en": "Team name"},
            help={
                "zh": "可留空；批量计算时同一团队的行一起排名",
                "en": "Optional; in batch mode rows of the same team are ranked together",
            },
            inputmode="text",
            more=True,
            cli="the team's name (batch: rows of the same team are ranked together)",
            aliases=("团队", "小组", "组别"),
        ),
    ),
    outputs=(
        Output("stars", {"zh": "营销之星", "en": "Marketing stars"}),
        Output("star_count", {"zh": "当选人数", "en": "Stars"}),
        Output("team_size", {"zh": "参评人数", "en": "People ranked"}),
        Output("cutoff", {"zh": "入选线", "en": "Cut-off"}),
    ),
    compute=star.compute_row,
    render=star.render_star,
    chart=star.star_chart,
    text=star.star_text,
    batch_columns=("rank", "score", "star"),
    batch_table=star.batch_table,
    samples=(
        {"results": "张三 120\n李四 95\n王五 95\n赵六 88"},
        {
            "results": "张三: 5500万, 30, 800\n李四: 4800万, 42, 650\n王五: 5100万, 25, 900",
            "metrics": "营收:50%, 新客户:30%, 获客成本:20%:lower",
            "month": "2026-07",
        },
    ),
    areas=("star",),
    schemas={"star": star.SCHEMA},
)

CALCULATORS: dict[str, Calculator] = {c.name: c for c in (BONUS, SPLIT, DEVIATION, STAR)}

# The policy areas the calculators read, with their schemas: all that the wheel ships.
SCHEMAS: dict[str, Spec] = dict(
    sorted(
        {
            **SHARED_SCHEMAS,
            **{k: v for c in CALCULATORS.values() for k, v in c.schemas.items()},
        }.items()
    )
)
