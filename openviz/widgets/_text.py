"""Labels of the widgets' own controls, in English and Chinese.

Words shared with charts and tables (verdicts, "Definition", "Model") come from
:mod:`openviz.i18n`; this table only holds what the controls say.
"""

from __future__ import annotations

from openviz.i18n import text as core_text

__all__ = ["ui"]

_UI = {
    "collection": {"en": "Collection", "zh": "模型集合"},
    "families": {"en": "Families", "zh": "模型系列"},
    "curated": {"en": "curated", "zh": "精选"},
    "all": {"en": "all", "zh": "全部"},
    "reset": {"en": "Reset to published", "zh": "恢复为发布版本"},
    "licenses": {"en": "Accepted licenses", "zh": "接受的许可证"},
    "language": {"en": "Language", "zh": "语言"},
    "pick hint": {
        "en": "Click a cell in the chart, or pick a model here, to see why it got its verdict.",
        "zh": "点击图中的格子，或在此选择一个模型，查看结论的依据。",
    },
    "explorer subtitle": {
        "en": "{n} model releases; * marks a definition you have changed; click a cell for "
        "the reasons",
        "zh": "{n} 个模型发布；* 表示你修改过的定义；点击格子查看依据",
    },
    "differs": {"en": "Differs from the published {title}", "zh": "与发布的 {title} 不同"},
    "switched off": {"en": "off (not required)", "zh": "已关闭（不再要求）"},
    "switched on": {"en": "on (required)", "zh": "已开启（必须满足）"},
    "save title": {"en": "Save as my definition", "zh": "另存为我的定义"},
    "save help": {
        "en": "Saves the definition as it stands now (toggles included) as a YAML file; the "
        "file name is its id. It then appears in the picker and the chart.",
        "zh": "把当前的定义（包括所有开关）保存为 YAML 文件，文件名即其 id；"
        "保存后它会出现在选择框和图表中。",
    },
    "name": {"en": "Name", "zh": "名称"},
    "file": {"en": "File", "zh": "文件"},
    "save": {"en": "Save", "zh": "保存"},
    "overwrite": {"en": "Replace an existing file", "zh": "覆盖已有文件"},
    "exists": {
        "en": '{path} already exists: choose another file, or tick "Replace an existing file".',
        "zh": "{path} 已存在：请换一个文件名，或勾选“覆盖已有文件”。",
    },
    "saved": {
        "en": "Saved {name} to {path}; it is now in the picker and the chart.",
        "zh": "已将 {name} 保存到 {path}；它已出现在选择框和图表中。",
    },
    "load title": {"en": "Load a definition file", "zh": "载入定义文件"},
    "load help": {
        "en": "Any definition YAML file (for example one saved above); it is checked first.",
        "zh": "任何定义 YAML 文件（例如上面保存的文件）；载入前会先检查。",
    },
    "load": {"en": "Load", "zh": "载入"},
    "loaded": {
        "en": "Loaded {name} from {path}.",
        "zh": "已从 {path} 载入 {name}。",
    },
    "loaded group": {"en": "Loaded from files", "zh": "从文件载入"},
    "error": {"en": "Something is wrong", "zh": "出现问题"},
    "need name": {"en": "Give the definition a name.", "zh": "请为定义命名。"},
    "need path": {"en": "Give a file path.", "zh": "请输入文件路径。"},
    "bad file": {
        "en": "{path} is not a valid definition file:",
        "zh": "{path} 不是有效的定义文件：",
    },
    "clash": {
        "en": "A published definition already has the id {id!r}; rename the file (and its id).",
        "zh": "已有发布的定义使用 id {id!r}；请重命名文件（及其 id）。",
    },
    # classroom
    "predict": {
        "en": "Is {model} open source? Predict, for each definition, then reveal.",
        "zh": "{model} 是开源的吗？先对每个定义作出预测，再揭晓答案。",
    },
    "score rule": {"en": "at least half the points", "zh": "至少获得一半分数"},
    "score rule note": {"en": " ({rule})", "zh": "（{rule}）"},
    "reveal": {"en": "Reveal", "zh": "揭晓"},
    "your guess": {"en": "Your prediction", "zh": "你的预测"},
    "actual": {"en": "openviz says", "zh": "openviz 的结论"},
    "actual said": {"en": "{actual}: ", "zh": "{actual}："},
    "no guess": {"en": "(no prediction)", "zh": "（未预测）"},
    "tally": {
        "en": "{right} of {total} predictions matched.",
        "zh": "{total} 个预测中有 {right} 个正确。",
    },
    "previous": {"en": "Previous", "zh": "上一版"},
    "next": {"en": "Next", "zh": "下一版"},
    "draft": {"en": "Draft", "zh": "草案"},
    "date and status": {"en": "({date}, {status})", "zh": "（{date}，{status}）"},
    "first draft": {
        "en": "{title} is the first version in this series.",
        "zh": "{title} 是该系列的第一个版本。",
    },
    "changes from": {"en": "What changed from {a} to {b}", "zh": "从 {a} 到 {b} 的变化"},
    "no requirement change": {
        "en": "No requirement changed in what it asks of releases.",
        "zh": "对模型发布的要求没有变化。",
    },
    "flips": {"en": "Models whose verdict changes", "zh": "结论发生变化的模型"},
    "flip": {"en": "{name}: ", "zh": "{name}："},
    "no flips": {"en": "No model changes verdict.", "zh": "没有模型的结论发生变化。"},
    "item": {"en": "Component or condition", "zh": "组件或条件"},
    "change": {"en": "Change", "zh": "变化"},
    "before": {"en": "Before", "zh": "之前"},
    "after": {"en": "After", "zh": "之后"},
    "agreement": {"en": "Side by side", "zh": "并排比较"},
    # export
    "chart": {"en": "Chart", "zh": "图表"},
    "definition set": {"en": "Definition set", "zh": "定义组合"},
    "definitions": {"en": "Definitions", "zh": "定义"},
    "size": {"en": "Size", "zh": "尺寸"},
    "width": {"en": "Width (px)", "zh": "宽度（像素）"},
    "png scale": {"en": "PNG scale", "zh": "PNG 倍率"},
    "format": {"en": "Format", "zh": "格式"},
    "export": {"en": "Export", "zh": "导出"},
    "exported": {"en": "Wrote {path} ({size}).", "zh": "已写入 {path}（{size}）。"},
    "custom set": {"en": "custom (pick below)", "zh": "自定义（在下方选择）"},
    "need definitions": {"en": "Pick at least one definition.", "zh": "请至少选择一个定义。"},
    "interactive page": {
        "en": "interactive page (HTML: switches, reasons, CSV; works offline)",
        "zh": "交互式页面（HTML：开关、依据、CSV；可离线使用）",
    },
    "interactive only matrix": {
        "en": "The interactive page is made for the verdict matrix: pick that chart.",
        "zh": "交互式页面仅适用于结论矩阵：请选择该图表。",
    },
}


def ui(key: str, lang: str = "en", **values: object) -> str:
    """Return a control's label in ``lang``, falling back to :func:`openviz.i18n.text`."""
    entry = _UI.get(key)
    if entry is None:
        return core_text(key, lang, **values)
    return entry.get(lang, entry["en"]).format(**values)
