"""The interface words of openviz, in English and Chinese: one table, read by openviz.i18n."""

# The one table of interface words (charts, tables, widgets, the interactive page); names
# of components, categories, definitions and the like come from the data files instead.
TEXT = {
    "qualifies": {"en": "qualifies", "zh": "符合"},
    "fails": {"en": "fails", "zh": "不符合"},
    "cannot tell": {"en": "cannot tell", "zh": "无法判断"},
    "met": {"en": "met", "zh": "满足"},
    "partial": {"en": "partial", "zh": "部分"},
    "unmet": {"en": "unmet", "zh": "未满足"},
    "unknown": {"en": "unknown", "zh": "未知"},
    "off": {"en": "off", "zh": "已关闭"},
    "open": {"en": "open", "zh": "开放"},
    "closed": {"en": "closed", "zh": "封闭"},
    "none": {"en": "none", "zh": "无"},
    "model": {"en": "Model", "zh": "模型"},
    "definition": {"en": "Definition", "zh": "定义"},
    "verdict": {"en": "Verdict", "zh": "结论"},
    "level": {"en": "Level", "zh": "等级"},
    "score": {"en": "Score", "zh": "得分"},
    "unmet requirements": {"en": "Unmet requirements", "zh": "未满足的要求"},
    "component": {"en": "Component", "zh": "组件"},
    "requirement": {"en": "Requirement", "zh": "要求"},
    "result": {"en": "Result", "zh": "结果"},
    "fact": {"en": "Fact", "zh": "事实"},
    "evidence": {"en": "Evidence", "zh": "证据"},
    "source line": {
        "en": "Data: openviz catalogue as of {date}. Definitions: {defs}.",
        "zh": "数据：openviz 目录（截至 {date}）。定义：{defs}。",
    },
    "verdict matrix title": {
        "en": "Which releases count as open?",
        "zh": "哪些模型发布算作开放？",
    },
    "modified": {"en": "modified from the published definition", "zh": "已修改（与发布版本不同）"},
    # -- chart gallery: titles ----------------------------------------------------------------
    "component heatmap title": {
        "en": "What each release makes available",
        "zh": "各模型发布公开了哪些组件",
    },
    "spectrum title": {
        "en": "How open, dimension by dimension",
        "zh": "逐项看开放程度",
    },
    "definition diff title": {
        "en": "What changes from one version to the next, and whom it moves",
        "zh": "版本之间有何变化，影响了哪些模型",
    },
    "requirement impact title": {
        "en": "Which requirements keep releases out",
        "zh": "哪些要求把模型排除在外",
    },
    "family trajectory title": {
        "en": "The {family} family over time",
        "zh": "{family} 系列随时间的变化",
    },
    # -- chart gallery: subtitles, axes and legends --------------------------------------------
    "under": {"en": "Under {defs}", "zh": "依据：{defs}"},
    "n definitions": {
        "en": "Under {n} definitions (versions in the source line)",
        "zh": "依据 {n} 个定义（版本见图下来源说明）",
    },
    "releases counted": {"en": "{n} model releases", "zh": "{n} 个模型发布"},
    "required by": {
        "en": "● required by {definition}, ○ one of several options or a stand-in",
        "zh": "● {definition} 必需，○ 多选一或可替代",
    },
    "scored by": {"en": "● rated by {definition}", "zh": "● {definition} 评估的组件"},
    "released": {"en": "Released", "zh": "发布情况"},
    "license": {"en": "License", "zh": "许可证"},
    "license kind": {"en": "License kind", "zh": "许可证类别"},
    "yes": {"en": "released", "zh": "已发布"},
    "no": {"en": "not released", "zh": "未发布"},
    "dimension": {"en": "Dimension", "zh": "维度"},
    "rating": {"en": "Rating", "zh": "评级"},
    "credit": {"en": "Credit", "zh": "得分"},
    "could earn": {"en": "could earn (unknown facts)", "zh": "可能得分（事实未知）"},
    "score of": {"en": "Score out of {max}", "zh": "得分（满分 {max}）"},
    "profile of": {
        "en": "Dimensions rated open (partial = ½); {definition} publishes no score",
        "zh": "开放维度数（部分开放计 ½）；{definition} 不给出总分",
    },
    "rank note": {
        "en": "Ranked by score; grey: what unknown facts could add",
        "zh": "按得分排序；灰色：未知事实可能增加的分数",
    },
    "role": {"en": "Asked as", "zh": "要求方式"},
    "required": {"en": "required", "zh": "必需"},
    "alternative": {"en": "one of several", "zh": "多选一"},
    "substitute": {"en": "may stand in", "zh": "可替代"},
    "scored": {"en": "rated", "zh": "评估项"},
    "optional": {"en": "optional", "zh": "可选"},
    "absent": {"en": "not asked", "zh": "未要求"},
    "what it asks": {"en": "What the definition asks", "zh": "定义的要求"},
    "who moves": {"en": "Releases whose result changes", "zh": "结果发生变化的模型"},
    "nobody moves": {
        "en": "No release changes its result",
        "zh": "没有模型的结果发生变化",
    },
    "nothing changes": {"en": "No requirement changes", "zh": "要求没有变化"},
    "change": {"en": "Change", "zh": "变化"},
    "added": {"en": "added", "zh": "新增"},
    "removed": {"en": "removed", "zh": "删除"},
    "tightened": {"en": "stricter", "zh": "收紧"},
    "loosened": {"en": "looser", "zh": "放宽"},
    "changed": {"en": "changed", "zh": "改变"},
    "up": {"en": "better than before", "zh": "比之前好"},
    "down": {"en": "worse than before", "zh": "比之前差"},
    "change key": {
        "en": (
            "What it asks: + more than the version before, \u2212 less, ~ otherwise changed. "
            "Results: \u2191 better than under the version before, \u2193 worse"
        ),
        "zh": (
            "要求：+ 比上一版本更多，\u2212 更少，~ 有其他变化。"
            "结果：\u2191 比上一版本下更好，\u2193 更差"
        ),
    },
    "not meeting": {"en": "Releases not meeting it", "zh": "未满足该要求的模型数"},
    "freed": {
        "en": "Would qualify if it alone were dropped",
        "zh": "仅去掉该要求即可符合的模型数",
    },
    "freed levels": {
        "en": "Would climb a level if it alone were dropped",
        "zh": "仅去掉该要求即可升级的模型数",
    },
    "impact note": {
        "en": "Left: releases that do not meet each requirement; "
        "right: releases it alone keeps out",
        "zh": "左：未满足各项要求的模型；右：仅因该项要求而被排除的模型",
    },
    "impact none": {
        "en": "Releases that do not meet each requirement (no requirement alone keeps one out)",
        "zh": "未满足各项要求的模型（没有哪一项要求单独把某个模型排除在外）",
    },
    "impact none levels": {
        "en": "Releases that do not meet each requirement (no requirement alone holds one back)",
        "zh": "未满足各项要求的模型（没有哪一项要求单独让某个模型无法升级）",
    },
    "impact note levels": {
        "en": "Left: releases that do not meet each requirement; "
        "right: releases it alone holds back",
        "zh": "左：未满足各项要求的模型；右：仅因该项要求而未能升级的模型",
    },
    "releases": {"en": "Releases", "zh": "模型数"},
    "release": {"en": "Release", "zh": "发布版本"},
    "release date": {"en": "Release date", "zh": "发布日期"},
    "family": {"en": "Family", "zh": "系列"},
    "no verdict": {"en": "no verdict", "zh": "无结论"},
    # -- captions --------------------------------------------------------------------------------
    "caption definitions": {"en": "Definitions: {defs}.", "zh": "定义：{defs}。"},
    "caption definition": {
        "en": "{label} = {name}, {version}, {date}",
        "zh": "{label} = {name}，{version}，{date}",
    },
    "caption data": {
        "en": (
            "Data: openviz catalogue, evidence as of {date}; {n} releases ({collections}), "
            "the newest released {newest}."
        ),
        "zh": (
            "数据：openviz 目录，证据截至 {date}；{n} 个模型发布（{collections}），"
            "最新发布于 {newest}。"
        ),
    },
    "caption imported": {
        "en": "Imported records, converted by openviz: {sources}.",
        "zh": "导入记录（经 openviz 转换）：{sources}。",
    },
    "caption modified": {
        "en": "* modified from the published definition: {changes}.",
        "zh": "* 与发布版本不同：{changes}。",
    },
    "caption tool": {"en": "Chart: openviz {version}.", "zh": "图表：openviz {version}。"},
    "level note": {
        "en": "{definition} cells name the level reached, lowest to highest: {levels}.",
        "zh": "{definition} 格中写的是达到的等级，由低到高：{levels}。",
    },
    "score range note": {
        "en": (
            "Scores a\u2013b / m: a counts unknown facts as closed, b as open; "
            "m is the most possible."
        ),
        "zh": "分数 a\u2013b / m：未知事实按封闭计为 a，按开放计为 b；m 为满分。",
    },
    "score note": {
        "en": "Scores are written out of the most possible (a / m).",
        "zh": "分数写作“得分 / 满分”。",
    },
    "ramp title": {"en": "Level reached or score", "zh": "达到的等级或得分"},
    "ramp lowest": {"en": "lowest", "zh": "最低"},
    "ramp highest": {"en": "highest", "zh": "最高"},
    "curated": {"en": "curated", "zh": "人工整理"},
    "mot": {"en": "MOT import", "zh": "MOT 导入"},
    "osai-index": {"en": "EU index import", "zh": "欧洲指数导入"},
    "user": {"en": "user files", "zh": "用户文件"},
    # -- a definition's status (the draft stepper's headings) ------------------------------------
    "draft": {"en": "draft", "zh": "草案"},
    "final": {"en": "final", "zh": "正式版"},
    "proposal": {"en": "proposal", "zh": "提案"},
    "provisional": {"en": "provisional", "zh": "暂定版"},
    "descriptive": {"en": "descriptive", "zh": "描述性"},
    # -- release-level conditions (definition-diff rows) -----------------------------------------
    "condition:no-restrictions": {"en": "No use restrictions", "zh": "无使用限制"},
    "condition:no-restrictions=": {
        "en": "Licence free of: {level}",
        "zh": "许可证无此限制：{level}",
    },
    "condition:not-monetised": {"en": "Not monetised", "zh": "未商业化收费"},
    "condition:not-systemic-risk": {"en": "No systemic risk", "zh": "无系统性风险"},
    "condition:access-at-least": {"en": "Access at least {level}", "zh": "访问方式至少为 {level}"},
    # -- the widgets' own controls ----------------------------------------------------------
    "collection": {"en": "Collection", "zh": "模型集合"},
    "families": {"en": "Families", "zh": "模型系列"},
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
    "draft heading": {"en": "Draft", "zh": "草案"},
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
    # -- the interactive page's controls (templates: its script fills them in) ----------------
    "page requirements": {
        "en": "Requirements: untick one to stop asking for it, tick an optional one to ask for it",
        "zh": "要求：取消勾选即不再要求，勾选可选项即要求满足",
    },
    "page licenses": {"en": "Accepted licence kinds", "zh": "接受的许可证类型"},
    "page differs": {"en": "Differs from the published {title}:", "zh": "与发布的 {title} 不同："},
    "page licenses now": {"en": "accepted licences: {cats}", "zh": "接受的许可证：{cats}"},
    "page download": {"en": "Download the data (CSV)", "zh": "下载数据（CSV）"},
    "page pick hint": {
        "en": "Click a cell of the matrix to see, requirement by requirement, why the release "
        "got its verdict.",
        "zh": "点击矩阵中的格子，逐项查看该模型发布得到此结论的依据。",
    },
    "page reasons for": {
        "en": "{model} under {definition}: {verdict}",
        "zh": "{model}，依据 {definition}：{verdict}",
    },
    "page embed": {"en": "Embed this chart", "zh": "嵌入此图表"},
    "page embed help": {
        "en": "Put the page file next to your article and paste this; the frame takes the "
        "height of the page.",
        "zh": "把本页面文件放在文章旁边并粘贴以下代码；框架会自动适应页面高度。",
    },
    "page all of": {"en": "all of the following", "zh": "须满足以下全部"},
    "page any of": {"en": "at least one of the following", "zh": "须满足以下至少一项"},
    "page released partial": {"en": "partly released", "zh": "部分发布"},
    "page released unknown": {"en": "unknown (no evidence recorded)", "zh": "未知（无证据记录）"},
    "page license": {"en": "licence {license}", "zh": "许可证 {license}"},
    "page no license": {"en": "licence not recorded", "zh": "未记录许可证"},
    "page restricted": {
        "en": "{component} under {license}: {restrictions}",
        "zh": "{component}（{license}）：{restrictions}",
    },
    "page unrestricted": {
        "en": "no restricting licence on any released component",
        "zh": "已发布组件均无限制性许可证",
    },
    "page unsure": {
        "en": "no restriction found, but licences not recorded for: {components}",
        "zh": "未发现限制，但以下组件未记录许可证：{components}",
    },
    "page access": {
        "en": "access: {value} (needs at least {level})",
        "zh": "访问方式：{value}（至少需要 {level}）",
    },
    "page monetised": {"en": "monetised: {value}", "zh": "商业化收费：{value}"},
    "page systemic_risk": {"en": "systemic risk: {value}", "zh": "系统性风险：{value}"},
    "page no evidence": {"en": "no evidence recorded", "zh": "无证据记录"},
    "page error": {"en": "The chart could not be drawn: ", "zh": "无法绘制图表："},
    "page noscript": {
        "en": "This page needs JavaScript to draw the chart and evaluate the definitions.",
        "zh": "本页面需要 JavaScript 来绘制图表并评估各定义。",
    },
    "page embed title": {"en": "Interactive chart: {title}", "zh": "交互式图表：{title}"},
}
