"""Validation findings: one frozen type, a registry of stable codes.

Modelled on frictionless-py: data problems are collected as findings with a
stable code and a position; they never raise.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "Lỗi"
    WARNING = "Cảnh báo"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    template: str


_RULES: list[Rule] = [
    Rule("tep-khong-doc-duoc", Severity.ERROR, "Không đọc được tệp",
         "Tệp không mở được như một bảng tính Excel ({detail}). Đề nghị đơn vị mở tệp bằng Excel, "
         "lưu lại dưới dạng .xlsx theo mẫu biểu và gửi lại."),
    Rule("tep-khong-phai-excel", Severity.ERROR, "Không phải tệp Excel",
         "Tệp có phần mở rộng {detail}, không phải bảng tính Excel. Chỉ nhận tệp .xlsx/.xlsm/.xls/.ods "
         "lập từ mẫu biểu của kỳ báo cáo."),
    Rule("tep-co-mat-khau", Severity.ERROR, "Tệp có mật khẩu",
         "Không mở được vì {detail}. Đề nghị đơn vị bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi gửi lại."),
    Rule("tep-doi-duoi", Severity.ERROR, "Tệp bị đổi đuôi",
         "Đây là {detail}. Đề nghị đơn vị nhập số liệu vào mẫu biểu Excel (.xlsx) và gửi lại đúng tệp."),
    Rule("tep-qua-lon", Severity.ERROR, "Tệp quá lớn",
         "Tệp bị từ chối để bảo vệ máy tính: {detail}. Đề nghị đơn vị lưu lại mẫu biểu gọn (chỉ các dòng có số liệu) "
         "rồi gửi lại."),
    Rule("tep-tam-excel", Severity.WARNING, "Tệp tạm của Excel",
         "Đây là tệp khóa tạm do Excel tạo khi một bảng tính đang mở; tệp này được bỏ qua. "
         "Hãy đóng Excel trước khi chạy."),
    Rule("khong-phai-mau-bieu", Severity.ERROR, "Không đúng mẫu biểu",
         "Tệp không có trang \"{detail}\" của mẫu biểu. Đề nghị đơn vị nhập số liệu vào mẫu biểu "
         "do Văn phòng thường trực gửi (lệnh mau-bieu)."),
    Rule("sai-phien-ban-mau", Severity.ERROR, "Mẫu biểu không đúng phiên bản",
         "Mẫu biểu phiên bản \"{value}\" không còn được chấp nhận (chấp nhận: {detail}). "
         "Đề nghị đơn vị chép số liệu sang mẫu biểu mới của kỳ này."),
    Rule("don-vi-khong-xac-dinh", Severity.ERROR, "Không xác định được đơn vị",
         "Mã đơn vị \"{value}\" không có trong danh mục đơn vị. Kiểm tra ô mã đơn vị trên trang "
         "Thông tin (không sửa ô này) hoặc bổ sung đơn vị vào catalog/units.csv."),
    Rule("sai-ky-bao-cao", Severity.ERROR, "Sai kỳ báo cáo",
         "Tệp ghi kỳ báo cáo \"{value}\" nhưng đang tổng hợp kỳ {detail}. Đề nghị đơn vị gửi đúng "
         "mẫu biểu của kỳ {detail}."),
    Rule("don-vi-trung-lap", Severity.ERROR, "Đơn vị gửi nhiều tệp",
         "Đơn vị đã gửi nhiều tệp cho cùng kỳ ({detail}). Tệp này không được tổng hợp; "
         "hãy giữ lại một tệp đúng và chuyển các tệp còn lại ra khỏi thư mục."),
    Rule("chi-tieu-khong-xac-dinh", Severity.WARNING, "Chỉ tiêu không có trong danh mục",
         "Mã chỉ tiêu \"{value}\" không có trong danh mục hoặc không thuộc đơn vị này; giá trị bị bỏ qua. "
         "Không thêm dòng vào trang Số liệu."),
    Rule("khong-phai-so", Severity.ERROR, "Không phải là số",
         "Ô phải nhập một số nhưng có \"{value}\". Chỉ nhập chữ số (ví dụ 1444257), không ghi chữ."),
    Rule("so-mo-ho", Severity.ERROR, "Số viết không rõ nghĩa",
         "Không rõ \"{value}\" là số nào (dấu chấm/phẩy có thể là phân cách hàng nghìn hoặc phần thập phân). "
         "Nhập lại bằng chữ số không có dấu phân cách, ví dụ 1500 hoặc 1,5%."),
    Rule("so-am", Severity.ERROR, "Số âm",
         "Giá trị {value} là số âm. Số liệu này không thể âm; kiểm tra lại và nhập số không âm."),
    Rule("khong-phai-so-nguyen", Severity.ERROR, "Không phải số nguyên",
         "Giá trị {value} có phần thập phân nhưng chỉ tiêu là số đếm. Nhập số nguyên."),
    Rule("ty-le-khong-hop-le", Severity.ERROR, "Tỷ lệ không hợp lệ",
         "Tỷ lệ {value} không hợp lệ: phải từ 0% đến 100%. Nhập dạng 81,48%."),
    Rule("thieu-so-lieu", Severity.ERROR, "Thiếu số liệu bắt buộc",
         "Chỉ tiêu \"{detail}\" bắt buộc nhưng để trống. Đề nghị đơn vị nhập số liệu (nhập 0 nếu không phát sinh)."),
    Rule("vuot-mau-so", Severity.ERROR, "Số đạt lớn hơn tổng số",
         "{detail}: số đạt {value} lớn hơn tổng số {base}. Kiểm tra lại hai số liệu."),
    Rule("tong-khong-khop", Severity.ERROR, "Các phần không cộng đúng tổng",
         "{detail}: tổng là {value} nhưng cộng các phần được {base}. Kiểm tra lại các số liệu thành phần."),
    Rule("ty-le-sai", Severity.WARNING, "Tỷ lệ không khớp số liệu",
         "{detail}: đơn vị ghi {value} nhưng tính từ số liệu được {base}. Báo cáo dùng tỷ lệ tính từ số liệu; "
         "đề nghị đơn vị kiểm tra lại."),
    Rule("danh-sach-khong-khop", Severity.WARNING, "Danh sách không khớp số liệu",
         "{detail}: số liệu ghi {value} nhưng danh sách cộng được {base}. Kiểm tra lại danh sách hoặc số liệu."),
    Rule("danh-sach-khong-xac-dinh", Severity.WARNING, "Danh sách không có trong danh mục",
         "Danh sách/mục \"{value}\" không có trong danh mục hoặc không thuộc đơn vị này; dòng bị bỏ qua. "
         "Chọn giá trị trong danh sách thả xuống."),
    Rule("phong-chu-cu", Severity.WARNING, "Chữ gõ bằng phông cũ",
         "Nội dung \"{value}\" được gõ bằng bảng mã {detail}; công cụ đã chuyển sang Unicode: \"{base}\". "
         "Đề nghị đơn vị dùng phông Unicode (Times New Roman) và kiểm tra lại nội dung."),
    Rule("thieu-noi-dung", Severity.ERROR, "Thiếu nội dung",
         "Dòng này thiếu {detail}. Bổ sung hoặc xóa cả dòng."),
    Rule("ngay-khong-hop-le", Severity.ERROR, "Ngày không hợp lệ",
         "Ngày \"{value}\" không đọc được. Nhập theo dạng ngày/tháng/năm, ví dụ 16/9/2025."),
    Rule("luy-ke-giam", Severity.WARNING, "Số lũy kế giảm so với kỳ trước",
         "{detail}. Số lũy kế không thể giảm; đề nghị đơn vị kiểm tra lại (nhập nhầm số trong kỳ, hoặc số kỳ trước sai)."),
    Rule("tang-khong-khop", Severity.WARNING, "Số trong kỳ không khớp với số lũy kế",
         "Đơn vị ghi {value} nhưng theo số lũy kế thì tăng trong kỳ là {base}: {detail}. "
         "Báo cáo dùng số tính từ số lũy kế; đề nghị đơn vị kiểm tra lại."),
    Rule("bien-dong-bat-thuong", Severity.WARNING, "Biến động bất thường so với kỳ trước",
         "{detail}: chênh lệch hơn {base} lần. Đề nghị đơn vị xác nhận số liệu."),
    Rule("ngay-ngoai-ky", Severity.WARNING, "Văn bản ngoài kỳ báo cáo",
         "{detail}: văn bản ngày {value} nằm ngoài kỳ báo cáo ({base}). Kiểm tra lại ngày ban hành, "
         "hoặc chuyển văn bản sang kỳ báo cáo đúng."),
    Rule("ty-le-trung-nhau", Severity.WARNING, "Hai tỷ lệ có cùng số liệu",
         "{detail} có cùng số đạt và tổng số ({value}). Có thể số liệu đã bị chép nhầm; đề nghị các đơn vị kiểm tra lại."),
    Rule("nhiem-vu-khong-xac-dinh", Severity.WARNING, "Nhiệm vụ không có trong danh mục",
         "Nhiệm vụ \"{value}\" không có trong danh mục nhiệm vụ của các kế hoạch; dòng bị bỏ qua. "
         "Dùng mẫu biểu của kỳ này (các nhiệm vụ đã ghi sẵn) hoặc chọn nhiệm vụ trong danh sách thả xuống."),
    Rule("nhiem-vu-khong-chu-tri", Severity.WARNING, "Nhiệm vụ không do đơn vị chủ trì",
         "Đơn vị không chủ trì nhiệm vụ {detail}; tình trạng bị bỏ qua. Chỉ báo cáo các nhiệm vụ ghi sẵn trong trang "
         "Nhiệm vụ; nếu đơn vị được giao chủ trì, đề nghị Văn phòng thường trực bổ sung vào catalog/tasks.csv."),
    Rule("tinh-trang-khong-hop-le", Severity.ERROR, "Tình trạng nhiệm vụ không hợp lệ",
         "Nhiệm vụ {detail}: tình trạng \"{value}\" không hợp lệ. Chọn trong danh sách thả xuống: Hoàn thành, "
         "Đang thực hiện hoặc Chưa thực hiện."),
    Rule("hoan-thanh-thieu-ngay", Severity.ERROR, "Nhiệm vụ hoàn thành chưa có ngày",
         "Nhiệm vụ {detail} ghi Hoàn thành nhưng chưa có ngày hoàn thành. Nhập ngày hoàn thành dạng ngày/tháng/năm "
         "(ví dụ 30/9/2025) để báo cáo tính được nhiệm vụ hoàn thành đúng hạn hay chậm."),
    Rule("ngay-hoan-thanh-sau-ky", Severity.ERROR, "Ngày hoàn thành sau kỳ báo cáo",
         "Nhiệm vụ {detail}: ngày hoàn thành {value} sau ngày cuối kỳ báo cáo ({base}). Kiểm tra lại ngày; nhiệm vụ "
         "chưa xong thì chọn Đang thực hiện và để trống ngày hoàn thành."),
    Rule("ngay-hoan-thanh-thua", Severity.WARNING, "Có ngày hoàn thành nhưng chưa hoàn thành",
         "Nhiệm vụ {detail} ghi \"{value}\" nhưng có ngày hoàn thành; ngày này bị bỏ qua. Nếu nhiệm vụ đã hoàn thành, "
         "chọn Hoàn thành; nếu chưa, xóa ngày hoàn thành."),
    Rule("hoan-thanh-ky-truoc", Severity.WARNING, "Nhiệm vụ đã hoàn thành kỳ trước nay ghi chưa hoàn thành",
         "Nhiệm vụ {detail} đã báo cáo hoàn thành ở kỳ {base} nhưng kỳ này ghi \"{value}\". Đề nghị đơn vị kiểm tra "
         "lại: nhiệm vụ đã hoàn thành thì chọn Hoàn thành và ghi ngày hoàn thành; nếu phải thực hiện lại, ghi rõ lý do "
         "ở cột Ghi chú."),
    Rule("don-vi-chua-bao-cao", Severity.WARNING, "Đơn vị chưa báo cáo",
         "Chưa nhận được báo cáo của đơn vị trong kỳ {detail}. Đề nghị đôn đốc đơn vị gửi mẫu biểu."),
]

RULES: dict[str, Rule] = {r.code: r for r in _RULES}


@dataclass(frozen=True)
class Finding:
    """One problem in the month's data, positioned so a clerk can find and fix it."""

    code: str
    severity: Severity
    message: str
    unit: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""
    value: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def finding(code: str, *, unit: str = "", file: str = "", sheet: str = "", cell: str = "",
            value: object = "", detail: str = "", base: str = "") -> Finding:
    """Build a finding from the registry; an unknown code is a programming error."""
    rule = RULES[code]
    shown = "" if value is None else str(value)
    message = rule.template.format(value=shown, detail=detail, base=base)
    return Finding(code=code, severity=rule.severity, message=message, unit=unit,
                   file=file, sheet=sheet, cell=cell, value=shown)


def count_errors(findings: list[Finding]) -> int:
    return sum(1 for f in findings if f.is_error)
