"""The words of an explanation, in English and Chinese: results, facts and verdict lines.

Ids never appear here: components, licence categories and restriction kinds are named by
their labels in ``defs/``; this module holds only the sentences around them.
"""

from __future__ import annotations

__all__ = ["WORDS", "say", "shorten"]

WORDS = {
    # what a requirement's result means, in a sentence
    "result met": {"en": "met", "zh": "满足"},
    "result partial": {"en": "only partly met", "zh": "仅部分满足"},
    "result unmet": {"en": "not met", "zh": "未满足"},
    "result unknown": {"en": "cannot tell", "zh": "无法判断"},
    "result off": {"en": "switched off, not required", "zh": "已关闭，不作要求"},
    "line": {"en": "{title}: {result}. {fact}.", "zh": "{title}：{result}。{fact}。"},
    "line why": {
        "en": "{title}: {result}. {fact}; {why}.",
        "zh": "{title}：{result}。{fact}；{why}。",
    },
    # the verdict row
    "verdict qualifies": {"en": "qualifies", "zh": "符合"},
    "verdict fails": {"en": "fails", "zh": "不符合"},
    "verdict cannot tell": {"en": "cannot tell", "zh": "无法判断"},
    "verdict line": {
        "en": "{model} {verdict} under {definition}",
        "zh": "依据{definition}，{model}{verdict}",
    },
    "no verdict line": {"en": "{model} under {definition}", "zh": "依据{definition}，{model}"},
    "with facts": {"en": "{head}: {fact}.", "zh": "{head}。{fact}。"},
    "stops": {"en": "not met: {names}", "zh": "未满足：{names}"},
    "untold": {"en": "cannot tell: {names}", "zh": "无法判断：{names}"},
    "level reached": {"en": "level reached: {level}", "zh": "达到的等级：{level}"},
    "no level": {"en": "no level reached", "zh": "未达到任何等级"},
    "score": {"en": "score {score} of {max}", "zh": "得分 {score}（满分 {max}）"},
    "score range": {
        "en": "score {score} to {best} of {max} (unknown facts)",
        "zh": "得分 {score} 至 {best}（满分 {max}；有未知事实）",
    },
    "profile": {
        "en": "no overall score; dimensions rated open: {open} of {n}",
        "zh": "不给出总分；评为开放的维度：{open}/{n}",
    },
    # component facts
    "status yes": {"en": "released", "zh": "已发布"},
    "status partial": {"en": "partly released", "zh": "部分发布"},
    "status no": {"en": "not released", "zh": "未发布"},
    "status unknown": {"en": "not known (no evidence recorded)", "zh": "未知（无证据记录）"},
    "status searched": {
        "en": "not known (searched, not settled)",
        "zh": "未知（已查找，尚无定论）",
    },
    "under licence": {
        "en": "{status} under {license} ({category})",
        "zh": "{status}，许可证 {license}（{category}）",
    },
    "no licence": {"en": "{status}, licence not recorded", "zh": "{status}，未记录许可证"},
    "unlisted licence": {
        "en": "{status} under {license} (a licence openviz does not know)",
        "zh": "{status}，许可证 {license}（openviz 未收录的许可证）",
    },
    "component fact": {"en": "{component}: {status}", "zh": "{component}：{status}"},
    "stands in": {"en": "{chosen} stands in for {component}", "zh": "以{chosen}代替{component}"},
    "not accepted": {
        "en": "this definition does not accept {category} licences, only: {accepted}",
        "zh": "本定义不接受{category}类许可证，只接受：{accepted}",
    },
    "accepts nothing": {"en": "no licence category is accepted", "zh": "不接受任何许可证类别"},
    "cannot tell licence": {
        "en": "with no licence recorded it cannot be told whether it is accepted",
        "zh": "未记录许可证，无法判断是否被接受",
    },
    "not preferred": {
        "en": "accepted, but not the preferred kind ({preferred})",
        "zh": "可接受，但不是首选类型（{preferred}）",
    },
    "only partly": {"en": "only partly released", "zh": "仅部分发布"},
    "at most partly": {
        "en": "at most partly met, whatever the unknown facts turn out to be",
        "zh": "无论未知事实如何，至多部分满足",
    },
    # groups
    "needs all": {"en": "needs all of: {names}", "zh": "须全部满足：{names}"},
    "needs any": {"en": "needs at least one of: {names}", "zh": "须至少满足一项：{names}"},
    "nothing left": {"en": "nothing left to require", "zh": "已无要求"},
    # the no-restrictions condition
    "restricted by": {
        "en": "{component} under {license}: {kinds}",
        "zh": "{component}（{license}）：{kinds}",
    },
    "restricted": {"en": "restricted: {items}", "zh": "受限：{items}"},
    "unrestricted": {
        "en": "no restricting licence on any released component",
        "zh": "已发布组件均无限制性许可证",
    },
    "unsure": {"en": "cannot tell for: {items}", "zh": "无法判断：{items}"},
    "unsure unlicensed": {
        "en": "{component} (licence not recorded)",
        "zh": "{component}（未记录许可证）",
    },
    "unsure unreleased": {
        "en": "{component} (not known whether released; it could be under restricting terms)",
        "zh": "{component}（不知是否发布；可能附有限制性条款）",
    },
    # release-level facts
    "monetised": {"en": "monetised: {value}", "zh": "商业化收费：{value}"},
    "systemic_risk": {"en": "systemic risk: {value}", "zh": "系统性风险：{value}"},
    "access": {
        "en": "access: {value} (needs at least {level})",
        "zh": "访问方式：{value}（至少需要 {level}）",
    },
    "value yes": {"en": "yes", "zh": "是"},
    "value no": {"en": "no", "zh": "否"},
    "value unknown": {"en": "not known", "zh": "未知"},
    "access fully-closed": {"en": "fully closed", "zh": "完全封闭"},
    "access gradual": {"en": "gradual or staged release", "zh": "分阶段发布"},
    "access hosted": {"en": "hosted only", "zh": "仅托管使用"},
    "access api": {"en": "through an API", "zh": "通过 API"},
    "access downloadable": {"en": "downloadable", "zh": "可下载"},
    "access fully-open": {"en": "fully open", "zh": "完全开放"},
    # notes
    "switched off": {"en": "switched off: not required", "zh": "已关闭：不作要求"},
    "optional": {
        "en": "optional: not required unless switched on",
        "zh": "可选：除非开启，否则不作要求",
    },
    "sep": {"en": ", ", "zh": "、"},
    "semi": {"en": "; ", "zh": "；"},
}


def say(key: str, lang: str = "en", **values: object) -> str:
    """Return the sentence ``key`` in ``lang`` (English when missing), filled in."""
    entry = WORDS[key]
    return entry.get(lang, entry["en"]).format(**values)


def shorten(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` characters at a word boundary, ending in an ellipsis.

    A text that fits is returned whole. Otherwise the cut falls after the last whole word
    (trailing punctuation dropped) and ``…`` marks it; only a single word longer than
    ``width`` is cut inside the word. Chinese text, which has no spaces, is cut at a
    punctuation mark when one is near, else between characters (each is a word).
    """
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    room = max(width - 1, 1)
    head = text[: room + 1]
    cut = head.rfind(" ")
    if cut < room // 3:
        marks = [head.rfind(m) for m in "，、；。：,;"]
        best = max(marks)
        cut = best + 1 if best >= room // 3 and best < room else -1
    if cut <= 0:
        if _is_cjk(text[room - 1 : room + 1]):
            cut = room
        else:
            return text[:room] + "…"
    return text[:cut].rstrip(" ,;:.，、；：。") + "…"


def _is_cjk(chars: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in chars)
