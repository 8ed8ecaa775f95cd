"""The ND30 layout check of a report (Nghị định 30/2020/NĐ-CP, Phụ lục I): run on every report the tool renders,
its problems are printed in the run summary as warnings (they never withhold the draft). It returns problems in
Vietnamese; an empty list means the document conforms.

Usage: ``python -m baocao.report.nd30 BAO-CAO.docx``
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import etree

from .docx_text import Package, text_of, text_runs, w
from .nd30_page import MM, RULE_STYLES, TAGS, PageChecks

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
_DATE = re.compile(r"^(?P<place>[^,]+), ngày (?P<d>\d+|\s*) ?tháng (?P<m>\d+) năm (?P<y>\d{4})$")   # day: blank in a draft
_NUMBER = re.compile(r"^Số: ?(?P<n>\d*)/(?P<kind>[A-ZĐ]+)-(?P<body>[A-ZĐ0-9-]+)$")
_CONTROL = re.compile(r"^\s*\{%-?\s*(?:p|tr)\s.*%\}\s*$")   # a template's control line: not in the report
_ATTACHED = re.compile(r"^\(Kèm theo .+ số .+ ngày .+ của .+\)$")


class Checker(PageChecks):
    """Adds the rules of the text blocks: header, title, body, closing block, appendices."""

    def run(self) -> list[str]:
        self.page()
        self.fonts()
        header = self.header_block()
        self.title_block(header)
        self.body()
        self.closing_block()
        self.page_numbers()
        self.appendix()
        self.footnotes()
        self.leftovers()
        self.properties()
        return self.problems

    def header_block(self) -> etree._Element | None:
        body = self.pkg.document.find(w("body"))
        table = body.find(w("tbl"))
        if table is None:
            self.fail("Thiếu bảng tiêu đề (cơ quan ban hành, quốc hiệu, số, ngày tháng) ở đầu văn bản.")
            return None
        paras = [p for p in table.iter(w("p")) if text_of(p).strip()]
        by_text = {text_of(p).strip(): p for p in paras}
        self._expect(by_text.get(QUOC_HIEU), "Quốc hiệu", bold=True, italic=False, sizes=(12, 13), upper=True)
        self._expect(by_text.get(TIEU_NGU), "Tiêu ngữ", bold=True, italic=False, sizes=(13, 14))
        self._rule_after(by_text.get(TIEU_NGU), "tiêu ngữ")
        first_cell = table.find(f"{w('tr')}/{w('tc')}")
        left = [p for p in first_cell.iter(w("p")) if text_of(p).strip()] if first_cell is not None else []
        if len(left) < 2:
            self.fail("Ô bên trái bảng tiêu đề phải có tên cơ quan chủ quản và tên cơ quan ban hành.")
        else:
            self._expect(left[0], "Tên cơ quan chủ quản", bold=False, italic=False, sizes=(12, 13), upper=True)
            self._expect(left[1], "Tên cơ quan ban hành", bold=True, italic=False, sizes=(12, 13), upper=True)
            self._rule_after(left[1], "tên cơ quan ban hành")
        number = next((p for p in paras if text_of(p).strip().startswith("Số")), None)
        self._expect(number, "Số, ký hiệu", italic=False, sizes=(13, 13))
        if number is not None and not self.template:
            m = _NUMBER.match(text_of(number).strip().replace("\u00a0", ""))
            if not m:
                self.fail(f"Số, ký hiệu phải có dạng «Số: 146/BC-BCĐ», đang là «{text_of(number).strip()}».")
            elif m.group("n") and len(m.group("n")) < 2:
                self.fail("Số văn bản nhỏ hơn 10 phải có số 0 đứng trước (ví dụ 05).")
        date_p = None
        row = number.getparent() if number is not None else None
        while row is not None and row.tag != w("tr"):
            row = row.getparent()
        if row is not None:
            date_p = next((p for p in row.iter(w("p")) if text_of(p).strip() and p is not number), None)
        self._expect(date_p, "Địa danh, ngày tháng", italic=True, sizes=(13, 14))
        if date_p is not None and not self.template:
            self._check_date(text_of(date_p).strip())
        return table

    def _check_date(self, text: str) -> None:
        m = _DATE.match(text)
        if not m:
            return self.fail(f"Dòng ngày tháng phải có dạng «Khánh Hòa, ngày 22 tháng 10 năm 2025», đang là «{text}».")
        day, month = m.group("d").strip(), m.group("m")
        if day and len(day) != 2:
            self.fail(f"Ngày nhỏ hơn 10 phải có số 0 đứng trước: «{text}».")
        if int(month) < 3 and len(month) != 2 or int(month) >= 3 and month.startswith("0"):
            self.fail(f"Tháng 1, 2 viết 01, 02; tháng từ 3 trở đi không có số 0 đứng trước: «{text}».")

    def title_block(self, header: etree._Element | None) -> None:
        if header is None:
            return
        following = [p for p in header.itersiblings() if p.tag == w("p") and text_of(p).strip()]
        title = following[0] if following else None
        if title is None or text_of(title).strip() != "BÁO CÁO":
            return self.fail("Thiếu tên loại văn bản «BÁO CÁO» ngay dưới bảng tiêu đề.")
        self._expect(title, "Tên loại văn bản", bold=True, sizes=(13, 14), upper=True, center=True)
        subject = following[1] if len(following) > 1 else None
        self._expect(subject, "Trích yếu", bold=True, sizes=(13, 14), center=True)
        last = subject
        while last is not None and last.getnext() is not None and text_of(last.getnext()).strip():
            last = last.getnext()
        self._rule_after(last, "trích yếu")

    def _body_paragraphs(self) -> list[etree._Element]:
        body = self.pkg.document.find(w("body"))
        return [p for p in body.findall(w("p")) if self.fmt.paragraph_style(p) in ("Normal", "Heading1", "Heading2",
                                                                                    "Heading3")]

    def body(self) -> None:
        body = self.pkg.document.find(w("body"))
        children = [c for c in body if c.tag in (w("p"), w("tbl"))]
        for i, p in enumerate(children):
            if p.tag != w("p") or text_of(p).strip() or p.find(f".//{w('drawing')}") is not None:
                continue
            if p.find(f"{w('pPr')}/{w('sectPr')}") is not None:   # a section break, e.g. before a phụ lục
                continue
            if self.fmt.paragraph_style(p) in RULE_STYLES or i == len(children) - 1:
                continue
            self.fail("Có đoạn trống trong nội dung (thường do thẻ điều khiển không dùng {%p … %}).")
            break
        for p in self._body_paragraphs():
            text = text_of(p).strip()
            if not text or self.template and TAGS.search(text):
                continue
            label = f"Đoạn «{text[:50]}»"
            if self.fmt.para(p, "jc", "val") != "both":
                self.fail(f"{label} phải căn đều hai bên.")
            indent = int(self.fmt.para(p, "ind", "firstLine") or 0)
            if not (abs(indent - 10 * MM) <= 15 or abs(indent - 12.7 * MM) <= 15):
                self.fail(f"{label}: thụt đầu dòng phải 1 cm hoặc 1,27 cm.")
            spacing = int(self.fmt.para(p, "spacing", "before") or 0) + int(self.fmt.para(p, "spacing", "after") or 0)
            if spacing < 120:
                self.fail(f"{label}: khoảng cách giữa các đoạn phải từ 6 pt trở lên.")
            line = int(self.fmt.para(p, "spacing", "line") or 240)
            if not 240 <= line <= 360:
                self.fail(f"{label}: giãn dòng phải từ một dòng đến 1,5 dòng.")
            for r in text_runs(p):
                if not 13 <= self.fmt.size(r, p) <= 14:
                    self.fail(f"{label}: cỡ chữ nội dung phải 13–14.")
                    break
            runs = text_runs(p)
            if re.match(r"^[IVXL]+\. ", text):
                self._expect(p, f"Đề mục «{text[:40]}»", bold=True, upper=True)
            elif re.match(r"^\d+\. ", text) and runs and not self.fmt.flag(runs[0], p, "b"):
                self.fail(f"Đề mục «{text[:40]}» (số Ả Rập) phải in đậm.")
            elif re.match(r"^[a-zđê]\) ", text) and runs and self.fmt.flag(runs[0], p, "b"):
                self.fail(f"Đề mục «{text[:40]}» (chữ cái) không in đậm.")

    def closing_block(self) -> None:
        tables = self.pkg.document.find(w("body")).findall(w("tbl"))
        table = next((t for t in tables if "Nơi nhận:" in [text_of(p).strip() for p in t.iter(w("p"))]), None)
        if table is None:
            return self.fail("Thiếu bảng «Nơi nhận» và chữ ký ở cuối văn bản.")
        cells = table.find(w("tr")).findall(w("tc"))
        left = [p for p in cells[0].iter(w("p")) if text_of(p).strip()]
        self._expect(left[0], "«Nơi nhận:»", bold=True, italic=True, sizes=(12, 12))
        lines = [p for p in left[1:] if not (self.template and _CONTROL.match(text_of(p)))]   # a {%p %} line goes
        if not lines:
            self.fail("Phần nơi nhận chưa có nơi nhận nào.")
        for p in lines:
            self._expect(p, "Dòng nơi nhận", sizes=(11, 11))
        if not self.template:
            for p in lines[:-1]:
                text = text_of(p).strip()
                if not (text.startswith("- ") and text.endswith(";")):
                    self.fail(f"Mỗi nơi nhận bắt đầu bằng «- » và kết thúc bằng «;»: «{text}».")
            last = text_of(lines[-1]).strip() if lines else ""
            if not (last.startswith("- Lưu:") and last.endswith(".")):
                self.fail(f"Dòng cuối nơi nhận phải là «- Lưu: VT, ….», đang là «{last}».")
        right = [p for p in cells[-1].iter(w("p")) if text_of(p).strip()] if len(cells) > 1 else []
        if len(right) < 2:
            return self.fail("Thiếu quyền hạn, chức vụ và họ tên người ký.")
        for p in right[:-1]:
            self._expect(p, "Quyền hạn, chức vụ người ký", bold=True, sizes=(13, 14), upper=True, center=True)
        self._expect(right[-1], "Họ tên người ký", bold=True, sizes=(13, 14), center=True)

    def appendix(self) -> None:
        """ND30: each phụ lục numbered from 1; ``Phụ lục`` 14 bold centred; its title upper bold centred; then
        ``(Kèm theo Báo cáo số …/BC-… ngày … tháng … năm … của …)`` italic centred; the body refers to it."""
        appendices = self.appendices()
        if not appendices:
            return
        body_text = " ".join(text_of(c) for c in self.sections()[0][1])
        for sect, children in appendices:
            name = next(text_of(c).strip() for c in children if c.tag == w("p") and text_of(c).strip())
            if not re.search(re.escape(name) + r"(?! ?[IVXLC])", body_text):
                self.fail(f"Nội dung báo cáo phải dẫn chiếu đến phụ lục kèm theo («{name}»).")
            start = sect.find(w("pgNumType"))
            if start is None or start.get(w("start")) != "1":
                self.fail("Phụ lục phải đánh số trang riêng, bắt đầu từ 1 (pgNumType start=1).")
            lines = [c for c in children if c.tag == w("p") and text_of(c).strip()]
            heading = lines[0]
            self._expect(heading, f"Tiêu đề «{text_of(heading).strip()}»", bold=True, italic=False, sizes=(14, 14),
                         center=True)
            attached = next((i for i, p in enumerate(lines) if text_of(p).strip().startswith("(Kèm theo")), None)
            if attached is None or attached < 2:
                self.fail("Phụ lục phải có tên phụ lục (in hoa) và dòng «(Kèm theo Báo cáo số … ngày … của …)».")
                continue
            for p in lines[1:attached]:
                self._expect(p, "Tên phụ lục", bold=True, sizes=(13, 14), upper=True, center=True)
            self._expect(lines[attached], "Dòng «(Kèm theo …)» của phụ lục", italic=True, sizes=(13, 14), center=True)
            text = " ".join(text_of(lines[attached]).split())
            if not self.template and not _ATTACHED.match(text):
                self.fail(f"Dòng kèm theo phải có dạng «(Kèm theo Báo cáo số …/BC-… ngày … tháng … năm … của …)», "
                          f"đang là «{text}».")


def check(path: Path, template: bool = False) -> list[str]:
    """Problems of ``path`` against ND30 (empty list: conforms). ``template`` skips data-only checks."""
    return Checker(Package.read(path), template).run()


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    status = 0
    for name in argv[1:]:
        problems = check(Path(name))
        for problem in problems:
            print(f"{name}: {problem}")
        print(f"{name}: {'đạt' if not problems else f'{len(problems)} điểm chưa đúng Nghị định 30'}")
        status = status or (1 if problems else 0)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
