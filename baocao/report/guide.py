"""``huong-dan-mau``: the guide for whoever edits the Word template, in Vietnamese, generated so it is always
complete: every name a template can use (each code of the catalogs, each attribute of the views, the helpers and
the ``config.toml`` fields), what it means, how it prints, its value in a period, whether the template uses it, and
short recipes rendered with that period's data."""
from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from markupsafe import Markup

from ..catalog import Catalog
from ..catalog.entries import Indicator
from .checker import public_names
from .footnotes import Notes
from .guide_names import DICTS, HELPERS, SPAN_NAMES, VIEWS
from .highlights import HighlightView, OverdueLine
from .render import environment, unshield

NO_DATA = "(kỳ này chưa có số liệu để làm ví dụ)"
GROUPS = {"@so-nganh": "các sở, ngành", "@xa": "các xã", "@phuong": "các phường", "@dac-khu": "đặc khu",
          "@xa-phuong": "các xã, phường, đặc khu"}
FORMATS = {"so-nguyen": "số đếm: dấu chấm ngăn hàng nghìn (2.009.345), dưới 10 có số 0 đứng trước (09)",
           "so-thuc": "số thập phân: dấu chấm ngăn hàng nghìn, dấu phẩy thập phân, tối đa 2 chữ số lẻ (1.234,5)",
           "ty-le": "tỷ lệ đơn vị tự đo, có dấu % (51%)"}
MISSING = "; thiếu số liệu thì in «[thiếu số liệu: tên đơn vị]» tô vàng"
SAME_AS = {OverdueLine: HighlightView}   # documented together: a template cannot tell them apart


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    columns: tuple[tuple[str, int], ...]
    rows: list[list[str]]


class Guide:
    """The rows of the guide, from a context (``build_context``) of the period the values come from."""

    def __init__(self, fresh: Callable[[], tuple[dict[str, Any], Notes]], catalog: Catalog, period: str,
                 has_data: bool, used: str):
        self.fresh, self.catalog, self.used = fresh, catalog, used
        self.context, self.notes = fresh()
        self.period = period
        self.value_column = f"Giá trị kỳ {period}" if has_data else f"Giá trị kỳ {period} (chưa có số liệu)"
        self.env = environment()
        self.pick = self._examples()

    def text(self, value: object, limit: int = 400, notes: Notes | None = None) -> str:
        """A value as the report would print it, footnotes in brackets and markers as their text."""
        shown = (notes or self.notes).plain(unshield(Markup(str(value)).unescape() if isinstance(value, Markup)
                                                     else str(value)))
        shown = " ".join(shown.split())
        return shown if len(shown) <= limit else shown[:limit] + " …"

    def render(self, expression: str) -> str:
        if not expression:
            return ""
        for name, code in self.pick.items():
            if code is None and "{" + name + "}" in expression:
                return NO_DATA
            expression = expression.replace("{" + name + "}", code or "")
        context, notes = self.fresh()     # each example as if it were the template's first use of the data
        try:
            rendered = Markup(self.env.from_string(expression).render(context)).unescape()
        except TemplateError:
            return NO_DATA
        return self.text(rendered, notes=notes) or "(trống)"

    def in_template(self, *names: str) -> str:
        return "có" if any(re.search(re.escape(n) + r"(?!\w)", self.used) for n in names) else ""

    def _examples(self) -> dict[str, str | None]:
        """Codes the examples use: the first of each kind that has data this period."""
        so, tl, ds = self.context["so"], self.context["tl"], self.context["ds"]
        sections = self.context["noi_bat"]
        keyed = [(code, v.khoa) for code, view in sections.items() for v in view._all if v.khoa]
        listed = [(code, e.khoa) for code, view in ds.items() for e in view if getattr(e, "khoa", "")]
        filled = next((c for c, v in sections.items() if len(v)), None)
        units = [v.unit for v in sections[filled]] if filled else []
        figure = next((c for c, f in so.items() if f.gia_tri is not None and len(f.theo_don_vi) > 1), None) \
            or next((c for c, f in so.items() if f.gia_tri is not None), None)
        ratio = next((c for c, f in tl.items() if f.gia_tri is not None and f.muc_tieu), None) \
            or next((c for c, f in tl.items() if f.gia_tri is not None), None)
        ranked = next((c for c, view in self.context.get("xep_hang", {}).items() if len(view)), None)
        return {
            "xh": ranked, "xh_so": self.catalog.ratios[ranked].numerator if ranked else None,
            "so": figure, "so_dvt": self.catalog.indicators[figure].unit_of_measure if figure else None,
            "tl": ratio, "tl_so": self.catalog.ratios[ratio].numerator if ratio else None,
            "tl_tong": self.catalog.ratios[ratio].denominator if ratio else None,
            "ds_muc": next((c for c, d in ds.items() if len(d) and self.catalog.lists[c].kind == "danh-sach"), None),
            "ds": next((c for c, d in ds.items() if len(d) and self.catalog.lists[c].kind == "van-ban"), None),
            "so_lk": next((c for c, f in self.context.get("tang", {}).items() if f.gia_tri is not None), None),
            "muc_khoa": keyed[0][0] if keyed else None, "khoa": keyed[0][1] if keyed else None,
            "ds_khoa": listed[0][0] if listed else None, "ds_khoa_ten": listed[0][1] if listed else None,
            "muc": filled, "don_vi": units[0] if units else None,
        }

    def reporters(self, items: Iterable[str]) -> str:
        units = self.catalog.units
        return ", ".join(GROUPS.get(i, units[i].short_name if i in units else i) for i in items)

    def sheets(self, recipes: list[list[str]]) -> list[Sheet]:
        return [intro(self.period), Sheet("Cách làm mẫu", "CÁCH LÀM MẪU (kết quả tính bằng số liệu kỳ " + self.period
                                          + ")", (("Việc cần làm", 38), ("Viết trong mẫu Word", 70),
                                                  (self.value_column, 70)), recipes),
                self.indicators(), self.ratios(), self.rankings(), self.lists(), self.sections(), self.settings(),
                self.attributes(),
                *([self.span_names()] if "tang" in self.context else [])]

    def span_names(self) -> Sheet:
        """A quarter's, six or nine months', a year's own names, with this span's values."""
        rows = [[name, what, example_text(example, self.pick), self.render(example)]
                for name, (what, example) in SPAN_NAMES.items()]
        return Sheet("Kỳ dài", "TÊN RIÊNG CỦA BÁO CÁO QUÝ, 6 THÁNG, 9 THÁNG, NĂM (ngoài các tên của báo cáo tháng)",
                     (("Tên", 30), ("Ý nghĩa", 70), ("Ví dụ trong mẫu", 50), (self.value_column, 50)), rows)

    def indicators(self) -> Sheet:
        rows = []
        for code, ind in self.catalog.indicators.items():
            rows.append([f"{{{{ so.{code} }}}}", ind.name, ind.unit_of_measure, _kind(ind),
                         FORMATS.get(ind.value_type, "") + MISSING, self.reporters(ind.reporters), ind.section,
                         self.text(self.context["so"][code]), self.in_template(f"so.{code}")])
        return Sheet("Chỉ tiêu (so)", "CHỈ TIÊU: so.<mã> (catalog/indicators.csv)",
                     (("Tên trong mẫu", 34), ("Ý nghĩa", 60), ("Đơn vị tính", 14), ("Loại số liệu", 22),
                      ("Cách ghi", 40), ("Đơn vị báo cáo", 30), ("Mục", 8), (self.value_column, 24),
                      ("Có trong mẫu", 10)), rows)

    def ratios(self) -> Sheet:
        rows = []
        for code, ratio in self.catalog.ratios.items():
            view = self.context["tl"][code]
            met = {True: "đạt", False: "chưa đạt", None: ""}[view.dat_muc_tieu]
            rows.append([f"{{{{ tl.{code} }}}}", ratio.name, f"so.{ratio.numerator}", f"so.{ratio.denominator}",
                         f"phần trăm, {ratio.decimals} chữ số thập phân, dấu phẩy thập phân (81,48%); tổng số bằng 0 "
                         "thì in «[không tính được tỷ lệ: …]»" + MISSING, ratio.target_text, self.text(view), met,
                         self.in_template(f"tl.{code}")])
        return Sheet("Tỷ lệ (tl)", "TỶ LỆ: tl.<mã> (catalog/ratios.csv), tính từ số đạt và tổng số",
                     (("Tên trong mẫu", 30), ("Ý nghĩa", 55), ("Số đạt", 30), ("Tổng số", 30), ("Cách ghi", 40),
                      ("Mục tiêu (.muc_tieu)", 22), (self.value_column, 16), ("Đạt mục tiêu (.dat_muc_tieu)", 14),
                      ("Có trong mẫu", 10)), rows)

    def rankings(self) -> Sheet:
        """The ratios communes are ranked by (``xep_hang``), with the targets of each kind of unit."""
        rows = []
        for code, view in self.context.get("xep_hang", {}).items():
            ratio = self.catalog.ratios[code]
            kinds = "; ".join(f"{GROUPS.get('@' + k, k)}: {t:g}%" for k, t in ratio.targets) or ratio.target_text
            shown = f"{self.text(view.da_bao_cao)}/{self.text(view.so_don_vi)} đơn vị, đạt: {self.text(view.dat)}"
            rows.append([f"{{{{ xep_hang.{code} }}}}", ratio.name, f"r.so.{ratio.numerator} / r.so.{ratio.denominator}",
                         kinds, shown, self.in_template(f"xep_hang.{code}")])
        return Sheet("Xếp hạng xã (xep_hang)", "XẾP HẠNG XÃ, PHƯỜNG, ĐẶC KHU: xep_hang.<mã tỷ lệ>, bảng "
                     "{%tr for r in xep_hang.<mã> %} và biểu đồ {{ bieu_do(xep_hang.<mã>) }}",
                     (("Tên trong mẫu", 34), ("Tỷ lệ", 55), ("Số đạt / tổng số của dòng", 36),
                      ("Mục tiêu theo loại đơn vị", 36), (f"Kỳ {self.period}", 30), ("Có trong mẫu", 10)), rows)

    def lists(self) -> Sheet:
        rows = []
        for code, lst in self.catalog.lists.items():
            view = self.context["ds"][code]
            kind = "văn bản (loại, số, ngày, trích yếu)" if lst.kind == "van-ban" else "danh sách (nội dung, số lượng)"
            keys = "; ".join(dict.fromkeys(e.khoa for e in view if getattr(e, "khoa", "")))
            rows.append([f"{{{{ ds.{code} }}}}", lst.name, kind, lst.item_noun, self.reporters(lst.reporters),
                         lst.section, self.text(view.count), keys, self.text(view.liet_ke(), 300),
                         self.in_template(f"ds.{code}")])
        return Sheet("Danh sách (ds)", "DANH SÁCH: ds.<mã> (catalog/lists.csv); .count số mục, .ten danh từ đếm, "
                     "in thẳng là liệt kê (1) …; (2) …; .<khóa> một mục theo cột Khóa của trang Danh sách",
                     (("Tên trong mẫu", 34), ("Ý nghĩa", 50), ("Loại", 24), ("Đếm bằng (.ten)", 14),
                      ("Đơn vị gửi", 26), ("Mục", 8), (f"Số mục kỳ {self.period} (.count)", 14),
                      (f"Khóa trong số liệu kỳ {self.period}", 30), (f"Liệt kê kỳ {self.period}", 60),
                      ("Có trong mẫu", 10)), rows)

    def sections(self) -> Sheet:
        rows = []
        for code, section in self.catalog.sections.items():
            view = self.context["noi_bat"][code]
            keys = sorted({f"{v.khoa} ({v.don_vi_ngan})" for v in view._all if v.khoa})
            rows.append([f'{{{{ noi_bat["{code}"] }}}}', section.title, str(len(view)), "; ".join(keys),
                         self.text(view.noi_dung, 300) if len(view) else "", self.in_template(f'noi_bat["{code}"]')])
        return Sheet("Mục báo cáo (noi_bat)", "MỤC BÁO CÁO: noi_bat[\"<mục>\"] (catalog/sections.csv): nội dung nổi "
                     "bật đơn vị gửi; .<khóa> theo cột Khóa của trang Nổi bật, .<mã đơn vị> theo đơn vị",
                     (("Tên trong mẫu", 26), ("Tiêu đề", 50), (f"Số nội dung kỳ {self.period}", 12),
                      (f"Khóa trong số liệu kỳ {self.period} (đơn vị)", 36), (f"Nội dung kỳ {self.period}", 70),
                      ("Có trong mẫu", 10)), rows)

    def settings(self) -> Sheet:
        rows = []
        for name, (_, keys) in DICTS.items():
            values = self.context[name]
            for key, (what, source) in keys.items():
                value = values.get(key, "")
                shown = "; ".join(r["ten"] for r in value) if key == "noi_nhan" else \
                    "" if not isinstance(value, str) else value
                rows.append([f"{{{{ {name}.{key} }}}}", what, source, self.text(shown)])
        return Sheet("Thông tin chung", "THÔNG TIN CHUNG: co_quan, bao_cao, ky (sửa trong config.toml)",
                     (("Tên trong mẫu", 30), ("Ý nghĩa", 70), ("Sửa ở (config.toml)", 34), (self.value_column, 50)),
                     rows)

    def attributes(self) -> Sheet:
        rows = []
        for name, (meaning, prints, example) in HELPERS.items():
            rows.append([name, "lệnh dùng ở mọi nơi", f"{meaning}; in ra: {prints}", example_text(example, self.pick),
                         self.render(example)])
        for cls, (reach, names) in VIEWS.items():
            for attr in documented(cls):
                what, example = names[attr]
                rows.append([f".{attr}", reach, what, example_text(example, self.pick), self.render(example)])
        return Sheet("Thuộc tính, lệnh", "THUỘC TÍNH VÀ LỆNH: viết sau tên bằng dấu chấm, ví dụ ds.<mã>.count",
                     (("Tên", 22), ("Dùng với", 44), ("Ý nghĩa", 70), ("Ví dụ trong mẫu", 50),
                      (self.value_column, 50)), rows)


def _kind(ind: Indicator) -> str:
    kind = {"luy-ke": "lũy kế (tính đến nay)", "trong-ky": "trong kỳ"}.get(ind.kind, ind.kind)
    return kind + (f", tính từ so.{ind.increment_of} của kỳ trước khi có lịch sử" if ind.increment_of else "")


def template_facing(cls: type) -> list[str]:
    """The names a template can use on a view: declared attributes, properties and methods, without ``_``."""
    if cls in SAME_AS:
        return template_facing(SAME_AS[cls])
    own = set(typing.get_type_hints(cls)) | {n for n, v in inspect.getmembers(cls) if not n.startswith("_")
                                               and (isinstance(v, property) or inspect.isfunction(v))}
    return sorted(n for n in own if n in public_names(cls))


def documented(cls: type) -> list[str]:
    """The names of ``cls`` this class's own table documents (a base's names are listed under the base)."""
    bases = [b for b in cls.__mro__[1:] if b in VIEWS]
    inherited = {n for b in bases for n in VIEWS[b][1]}
    return [n for n in template_facing(cls) if n not in inherited and n in VIEWS[cls][1]]


def undocumented() -> dict[str, list[str]]:
    """Template-facing names with no Vietnamese meaning: the guide's completeness test wants none."""
    missing = {}
    for cls in VIEWS:
        known = {n for b in cls.__mro__ if b in VIEWS for n in VIEWS[b][1]}
        known |= set(VIEWS[SAME_AS[cls]][1]) if cls in SAME_AS else set()
        lacking = [n for n in template_facing(cls) if n not in known]
        if lacking:
            missing[cls.__name__] = lacking
    return missing


def example_text(example: str, pick: dict[str, str | None]) -> str:
    for name, code in pick.items():
        example = example.replace("{" + name + "}", code or f"<{name}>")
    return example


def intro(period: str) -> Sheet:
    lines = [
        "Mẫu báo cáo là tệp Word templates/bao_cao_thang.docx: sửa câu chữ, định dạng ngay trong Word rồi lưu lại.",
        "Chỗ công cụ điền số liệu viết trong cặp ngoặc kép nhọn: {{ so.tthc_tong }} (số liệu), {{ tl.ddt_muc2 }} "
        "(tỷ lệ), {{ ds.qd_ubnd_trong_ky.count }} (số mục của danh sách), {{ noi_bat[\"I.3\"] }} (nội dung nổi bật).",
        "Dòng điều khiển viết {%p … %} trên một dòng riêng (chữ xám nhỏ trong mẫu): lặp lại các đoạn ở giữa cho từng "
        "nội dung ({%p for h in … %} … {%p endfor %}) hoặc chỉ in khi có nội dung ({%p if … %} … {%p endif %}). "
        "Các dòng này không có trong báo cáo.",
        "Không bỏ sót nội dung đơn vị gửi: chua_in là các nội dung nổi bật và mục danh sách mà các câu phía trên "
        "chưa in (ví dụ mục mẫu không nhắc tới, hoặc khóa mẫu không gọi tên). Đặt ở cuối phần nội dung, trước câu "
        "«Trên đây là báo cáo…», ba đoạn {%p for dong in chua_in %} / {{ dong }} / {%p endfor %}: mỗi nội dung còn "
        "lại in thành một đoạn tô vàng «[chưa có chỗ trong mẫu — mục I.6.a, Công an tỉnh:] …»; khi không còn gì thì "
        "không in gì. Chuyển nội dung vào đúng chỗ (hoặc xóa) rồi xóa chỗ đánh dấu trước khi chuyển PDF để ký. Mẫu "
        "không có chua_in thì lệnh kiem-tra-mau cảnh báo, và bản tóm tắt khi lập báo cáo nêu nội dung bị thiếu.",
        "Trong một đoạn văn: {% if … %} … {% endif %}, {% for … %} … {% endfor %} (không có chữ p).",
        "Số liệu luôn do công cụ tính và ghi theo kiểu Việt Nam; thiếu số liệu thì in dòng tô vàng nêu tên đơn vị.",
        "Các trang sau liệt kê mọi tên dùng được, ý nghĩa, cách ghi, giá trị ở kỳ " + period + " và mẫu có dùng "
        "chưa. Trang «Cách làm mẫu» có các câu mẫu kèm kết quả.",
        "Sửa xong, kiểm tra ngay: python generate.py kiem-tra-mau (nêu chỗ sai, đoạn văn, vị trí và gợi ý tên đúng).",
        "Thêm một chỉ tiêu có câu trong báo cáo: thêm một dòng vào catalog/indicators.csv, chạy mau-bieu để có mẫu "
        "biểu mới, rồi gõ câu có {{ so.<mã mới> }} vào mẫu Word; không cần sửa chương trình.",
        "Nội dung nổi bật đặt vào đúng đoạn bằng khóa: đơn vị ghi khóa ở cột Khóa của trang Nổi bật (ví dụ tau_bay), "
        "mẫu viết {{ noi_bat[\"I.1.a\"].tau_bay }}. Không chọn theo thứ tự dòng (…cong_an_tinh[1]).",
        "Ở mục III các nhiệm vụ được nhóm theo đơn vị ({%p for nhom in noi_bat[\"III\"].theo_don_vi %}); dòng có khóa "
        "tieu_de là câu dẫn thay cho tên đơn vị ở đầu nhóm, khóa chung là nhiệm vụ chung của các sở, ngành, địa phương.",
        "Một mục của danh sách đặt vào đúng câu cũng bằng khóa: đơn vị ghi khóa ở cột Khóa của trang Danh sách (ví dụ "
        "sskdt), mẫu viết {{ ds.nhiem_vu_trong_tam.sskdt }}; đơn vị chưa gửi mục có khóa đó thì báo cáo in chỗ đánh dấu "
        "tô vàng nêu tên đơn vị. Không chọn theo thứ tự dòng (ds.nhiem_vu_trong_tam[0]): đơn vị đổi thứ tự hay bỏ bớt "
        "một dòng là tên mục ghép nhầm với số liệu của mục khác. Sau các câu theo khóa, "
        "{%p for t in ds.<mã>.con_lai %} in các mục còn lại.",
        "Mẫu báo cáo quý, 6 tháng (cả 9 tháng, trừ khi có bao_cao_9_thang.docx), năm là bản sao của mẫu tháng "
        "(bao_cao_quy.docx, bao_cao_6_thang.docx, bao_cao_nam.docx) sửa câu chữ; {{ ky.ten }} ghi tên kỳ cho mọi loại "
        "báo cáo. Hướng dẫn cho các mẫu này: python generate.py huong-dan-mau --ky Q4/2025 (hoặc 6T/2025, 9T/2025, "
        "2025), có thêm trang «Kỳ dài».",
    ]
    return Sheet("Hướng dẫn", "HƯỚNG DẪN SỬA MẪU BÁO CÁO WORD", (("Nội dung", 150),), [[line] for line in lines])


RECIPES: list[tuple[str, str]] = [   # what the clerk wants → what to write in Word ({so} … chosen from the data)
    ("Thêm một câu có số liệu", "Toàn tỉnh có {{ so.{so} }} {so_dvt}."),
    ("Số đạt trên tổng số kèm tỷ lệ", "đạt {{ tl.{tl} }} ({{ so.{tl_so} }}/{{ so.{tl_tong} }})"),
    ("Tỷ lệ kèm mục tiêu của kế hoạch", "đạt {{ tl.{tl} }}{% if tl.{tl}.dat_muc_tieu %}, đạt mục tiêu "
     "{{ tl.{tl}.muc_tieu }}{% else %}, chưa đạt mục tiêu {{ tl.{tl}.muc_tieu }}{% endif %}"),
    ("Đếm một danh sách, liệt kê ở chú thích cuối trang", "ban hành {{ ds.{ds}.count }} {{ ds.{ds}.ten }}"
     "{{ chu_thich(ds.{ds}) }}"),
    ("Chú thích cuối trang liệt kê kiểu khác", "{{ chu_thich(\"Cụ thể: \" ~ ds.{ds_muc}.liet_ke(\"phay\")) }}"),
    ("Chú thích nêu số liệu từng đơn vị", "{{ chu_thich(\"Gồm: \" ~ so.{so}.theo_don_vi|join(\"; \")) }}"),
    ("Đặt một nội dung nổi bật vào đúng đoạn (theo khóa)", "- {{ noi_bat[\"{muc_khoa}\"].{khoa} }}"),
    ("Đặt một mục của danh sách vào đúng câu (theo khóa)", "(1) {{ ds.{ds_khoa}.{ds_khoa_ten} }}: …"),
    ("In cả một mục thành một đoạn (nội dung các đơn vị nối tiếp nhau)", "{{ noi_bat[\"{muc}\"] }}"),
    ("Các nội dung còn lại của mục, mỗi nội dung một đoạn (ba dòng trong Word)",
     "{%p for h in noi_bat[\"{muc}\"].con_lai %}\n- {{ h }}\n{%p endfor %}"),
    ("Ghi chú tô vàng cho người sửa dự thảo", "{{ danh_dau(\"cần bổ sung số liệu quý\") }}"),
    ("Ghi kỳ báo cáo", "(Từ ngày {{ ky.tu_ngay }} đến ngày {{ ky.den_ngay }})"),
]


def recipes(guide: Guide) -> list[list[str]]:
    rows = []
    for what, written in RECIPES:
        shown = written.replace("{%p ", "{% ").replace("\n", "")   # a {%p %} line renders like {% %} here
        rows.append([what, example_text(written, guide.pick), guide.render(shown)])
    return rows


def write_guide(path: Path, sheets: list[Sheet]) -> None:
    """One worksheet per table: bold header, wrapped text, frozen header row, filters (openpyxl: a small file)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    font, bold = Font(name="Times New Roman", size=12), Font(name="Times New Roman", size=12, bold=True)
    fill, wrap = PatternFill("solid", fgColor="D9E1F2"), Alignment(wrap_text=True, vertical="top")
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        ws.cell(row=1, column=1, value=sheet.title).font = Font(name="Times New Roman", size=14, bold=True)
        for col, (header, width) in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=3, column=col, value=header)
            cell.font, cell.fill, cell.alignment = bold, fill, wrap
            ws.column_dimensions[get_column_letter(col)].width = width
        for r, row in enumerate(sheet.rows, start=4):
            for col, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=col, value=value)
                cell.font, cell.alignment = font, wrap
            ws.row_dimensions[r].height = 16 * _lines(row, [w for _, w in sheet.columns])
        ws.freeze_panes = "A4"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if sheet.rows and len(sheet.columns) > 1:
            ws.auto_filter.ref = f"A3:{get_column_letter(len(sheet.columns))}{len(sheet.rows) + 3}"
    wb.properties.title = "Hướng dẫn sửa mẫu báo cáo"
    wb.properties.creator = "baocao"
    wb.save(path)


def _lines(row: list[str], widths: list[int]) -> int:
    """Lines the tallest cell of a row takes when wrapped (a column width holds about that many characters):
    Excel and LibreOffice do not always grow a row to its wrapped text by themselves."""
    return max([1] + [sum(-(-max(len(part), 1) // max(width - 2, 1)) for part in str(text).split("\n"))
                      for text, width in zip(row, widths) if text])


def guide_for(fresh: Callable[[], tuple[dict[str, Any], Notes]], catalog: Catalog, period: str, has_data: bool,
              used: str) -> Callable[[Path], None]:
    """The writer of the guide (what ``files.write_atomic`` calls with a temporary path); ``fresh`` builds the
    period's context anew, with its own notes."""
    guide = Guide(fresh, catalog, period, has_data, used)
    sheets = guide.sheets(recipes(guide))
    return lambda path: write_guide(path, sheets)
