"""Problems of a Word template, as the clerk reads them: what is wrong (a code of the registry), which paragraph
(part, headings above it, number, text) and, when it can be told, what was meant. No Word library here: the
pipeline imports this to say why no draft was made."""
from __future__ import annotations

from dataclasses import dataclass

from ..codes import Problem, problem
from ..model import Severity

BODY = "nội dung"


@dataclass(frozen=True)
class Where:
    """A paragraph of the template, as the clerk finds it in Word."""

    part: str
    paragraph: int          # 1-based, counting every paragraph of the part (table cells included)
    heading: str            # the headings above it, ``I. … › 4. … › a) …``
    text: str

    def describe(self, around: str = "") -> str:
        part = "" if self.part == BODY else f"phần {self.part}, "
        under = f"dưới tiêu đề «{self.heading}», " if self.heading else ""
        return f"{part}{under}đoạn thứ {self.paragraph}: «{quote(self.text, around)}»"


def quote(text: str, around: str = "", width: int = 160) -> str:
    """The paragraph's text, cut to ``width`` characters around ``around`` when it is long."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    at = text.find(around) if around else -1
    start = max(0, min(at - width // 3, len(text) - width)) if at >= 0 else 0
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


@dataclass(frozen=True)
class TemplateIssue:
    """A problem of the template (a code of the registry) and where it is."""

    problem: Problem
    where: Where | None = None
    around: str = ""        # the tag text the problem is about, to centre the quote on

    @property
    def is_error(self) -> bool:
        return self.problem.severity is Severity.ERROR

    def describe(self) -> str:
        kind = "Lỗi" if self.is_error else "Cảnh báo"
        where = f"\n    Ở {self.where.describe(self.around)}" if self.where else ""
        return f"{kind} [{self.problem.code}]: {self.problem.message}{where}"


class TemplateProblem(Exception):
    """The Word template cannot be rendered: each issue says what, where and, when it can, what was meant."""

    def __init__(self, name: str, issues: list[TemplateIssue]):
        self.name, self.issues = name, issues
        errors = [i for i in issues if i.is_error]
        super().__init__(f"Mẫu báo cáo {name} có {len(errors)} lỗi:\n" + "\n".join(i.describe() for i in errors))

    def __reduce__(self) -> tuple[type, tuple[str, list[TemplateIssue]]]:
        return TemplateProblem, (self.name, self.issues)    # raised in the report's worker, read in the main process


def issue(code: str, where: Where | None = None, around: str = "", variant: str = "",
          **fields: object) -> TemplateIssue:
    return TemplateIssue(problem(code, variant, **fields), where, around)
