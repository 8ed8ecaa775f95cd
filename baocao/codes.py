"""The one registry of problem codes: every code the product can emit, with its severity, title and wording.

Modelled on frictionless-py: a problem is data with a stable kebab-case code, never an exception. Data problems in
a unit's file are ``Finding`` records (``model.py``), built here with :func:`finding`; problems of the archive's
own files (the signed PDF, the stored copies) are :class:`Problem` records, built with :func:`problem`. Functions
that emit codes declare them with :func:`emits`; the tests check that the declarations, this registry and the
README's tables of codes agree. All wording the clerk reads about a problem is here, in one place to review.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

from .model import NOWHERE, Finding, Severity, Source

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    template: str
    variants: dict[str, str] = field(default_factory=dict, compare=False)   # wordings for particular situations

    def wording(self, variant: str = "") -> str:
        return self.variants[variant] if variant else self.template


_RULES: list[Rule] = [
    Rule("tep-khong-doc-duoc", Severity.ERROR, "Không đọc được tệp",
         "Tệp không mở được như một bảng tính Excel ({detail}). Đề nghị đơn vị mở tệp bằng Excel, "
         "lưu lại dưới dạng .xlsx theo mẫu biểu và gửi lại."),
    Rule("tep-khong-truy-cap", Severity.ERROR, "Không lấy được tệp từ ổ đĩa",
         "Máy tính không đọc được tệp này ({detail}). Nếu thư mục được đồng bộ bằng OneDrive: bấm chuột phải vào tệp, "
         "chọn \"Luôn giữ trên thiết bị này\" (Always keep on this device) và chờ đồng bộ xong; nếu tệp đang mở ở "
         "chương trình khác thì đóng lại; rồi chạy lại lệnh. Các tệp khác vẫn được tổng hợp."),
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
    Rule("khoa-trung-lap", Severity.WARNING, "Hai dòng cùng một khóa",
         "Khóa \"{value}\" đã dùng ở dòng {base} cho cùng {detail}: hai dòng cùng khóa được in chung vào một chỗ của "
         "báo cáo (dự thảo tô vàng). Đề nghị đơn vị sửa khóa của một trong hai dòng (mỗi khóa chỉ dùng cho một dòng "
         "trong một mục hoặc một danh sách), hoặc gộp hai dòng thành một."),
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
    # a quarter, six or nine months, a year: the months it is made from (checks/spans.py).
    Rule("thang-chua-lap-bao-cao", Severity.ERROR, "Tháng chưa có số liệu",
         "Chưa có số liệu tháng {value} trong cơ sở dữ liệu lịch sử (chưa lập báo cáo tháng này bằng lệnh bao-cao): "
         "báo cáo {base} được lập từ các tháng đã có, ghi rõ tháng còn thiếu. Khi có số liệu, chạy python generate.py "
         "bao-cao --ky {value} rồi lập lại báo cáo {base}."),
    Rule("don-vi-thieu-thang", Severity.WARNING, "Đơn vị thiếu báo cáo tháng",
         "Đơn vị không có báo cáo được chấp nhận trong tháng {detail} của {base}: số liệu trong kỳ của đơn vị thiếu "
         "các tháng này, số lũy kế lấy theo tháng gần nhất đơn vị đã báo cáo (báo cáo ghi rõ)."),
    Rule("thang-luu-phien-ban-cu", Severity.WARNING, "Tháng được lưu bằng phiên bản cũ",
         "Số liệu tháng {value} được lưu bằng phiên bản cũ của công cụ (chỉ có số liệu và tình trạng nhiệm vụ): văn "
         "bản, danh sách và nội dung nổi bật của tháng này chưa có trong báo cáo {base}. Chạy lại python generate.py "
         "bao-cao --ky {value} để bổ sung."),
    Rule("ngay-chot-bat-thuong", Severity.WARNING, "Ngày chốt số liệu bất thường",
         "Số liệu ghi tính đến ngày {value}, ngoài khoảng hợp lý của kỳ báo cáo ({base}). Kiểm tra lại ô "
         "\"Số liệu tính đến ngày\" (ngày chốt số liệu thường là ngày cuối kỳ hoặc vài ngày sau)."),
]

# luu-tru: the signed PDF and the archive (Problem, not Finding: shown in the terminal).
_ARCHIVE_RULES: list[Rule] = [
    Rule("khong-phai-pdf", Severity.ERROR, "Không phải tệp PDF đọc được", "Tệp này không phải tệp PDF.",
         {"hong": "Tệp PDF bị hỏng, không đọc được."}),
    Rule("pdf-co-mat-khau", Severity.ERROR, "Tệp PDF có mật khẩu",
         "Tệp PDF có đặt mật khẩu (mã hóa): không lưu trữ được. Hãy xuất lại bản PDF/A không đặt mật khẩu rồi ký."),
    Rule("khong-co-chu-ky", Severity.ERROR, "Tệp PDF chưa ký số",
         "Tệp PDF chưa có chữ ký số. Hãy ký số rồi lưu trữ bản đã ký."),
    Rule("chu-ky-hong", Severity.ERROR, "Chữ ký số hỏng",
         "Chữ ký số của {signer} không khớp nội dung tệp: tệp đã bị sửa sau khi ký hoặc bị hỏng.",
         {"o-chu-ky": "Chữ ký số ở ô {field} bị hỏng, không kiểm tra được.",
          "dau-thoi-gian": "Dấu thời gian trong chữ ký của {signer} bị hỏng."}),
    Rule("sua-sau-khi-ky", Severity.ERROR, "Tệp bị sửa sau khi ký",
         "Tệp đã bị sửa sau khi {signer} ký (thêm, bớt hoặc thay nội dung): bản này không còn là bản đã ký. "
         "Hãy lấy lại đúng tệp đã ký."),
    Rule("dau-thoi-gian-chua-tin-cay", Severity.WARNING, "Dấu thời gian chưa tin cậy",
         "Dấu thời gian trong chữ ký của {signer} chưa được tin cậy; thời điểm ký lấy theo máy của người ký."),
    Rule("chung-thu-bi-thu-hoi", Severity.ERROR, "Chứng thư số bị thu hồi",
         "Chứng thư số của {signer} đã bị thu hồi: chữ ký không còn giá trị."),
    Rule("chua-tin-cay", Severity.ERROR, "Chữ ký chưa được tin cậy",
         "Chuỗi chứng thư số của {signer} không hợp lệ ({reason}).",
         {"het-han": "Chứng thư số của {signer} đã hết hạn hoặc chưa có hiệu lực.",
          "chua-co-goc": "Chưa có chứng thư gốc nào để kiểm tra chữ ký của {signer}: hãy chép chứng thư gốc của tổ chức "
                         "chứng thực (ví dụ của Ban Cơ yếu Chính phủ) vào thư mục {folder} "
                         "(khóa thu_muc_ca, mục [luu_tru] trong config.toml).",
          "khac-goc": "Chứng thư số của {signer} không do tổ chức chứng thực nào trong thư mục chứng thư gốc "
                      "({folder}) cấp: chữ ký chưa được tin cậy.",
          "khong-de-ky": "Chứng thư số của {signer} không dùng để ký văn bản (thiếu mục đích sử dụng ký số)."}),
    Rule("da-luu-ky-khac", Severity.ERROR, "Tệp đã lưu trữ cho kỳ khác",
         "Tệp này đã được lưu trữ cho kỳ {stored_period} ({path}), không lưu lại cho kỳ {period}. "
         "Kiểm tra lại kỳ báo cáo (--ky) hoặc tệp."),
    Rule("da-co-ban-luu", Severity.ERROR, "Kỳ đã có bản lưu trữ",
         "Kỳ {period} đã có bản lưu trữ: {stored}. Tệp này khác bản đã lưu. Nếu đây là bản thay thế (ví dụ báo cáo ký "
         "lại), chạy lại lệnh kèm --phien-ban-moi: cả bản cũ và bản mới đều được giữ."),
    Rule("tep-luu-tru-hong", Severity.WARNING, "Bản lưu trữ bị mất hoặc bị thay đổi",
         "Bản lưu trữ {path} đã bị mất hoặc bị thay đổi: chạy python generate.py luu-tru --kiem-tra để xem chi tiết."),
    Rule("ngoai-co-so-du-lieu", Severity.WARNING, "Bản lưu trữ không có trong cơ sở dữ liệu",
         "Tệp có trong thư mục lưu trữ nhưng cơ sở dữ liệu lịch sử không ghi nhận "
         "(cơ sở dữ liệu {database} đã bị xóa hoặc thay?)."),
    Rule("tep-bi-mat", Severity.ERROR, "Mất tệp lưu trữ", "Mất tệp lưu trữ {path}{note}."),
    Rule("tep-bi-thay-doi", Severity.ERROR, "Tệp lưu trữ bị thay đổi",
         "Tệp lưu trữ {path} đã bị thay đổi sau khi lưu (mã băm khác với sổ lưu trữ){note}."),
    Rule("tep-ngoai-so", Severity.WARNING, "Tệp lạ trong kho lưu trữ",
         "Tệp {path} nằm trong thư mục lưu trữ nhưng không có trong sổ lưu trữ (không do công cụ lưu)."),
    # The Word template (kiem-tra-mau, and bao-cao before it renders): problems of the clerk's template.
    Rule("mau-khong-mo-duoc", Severity.ERROR, "Không mở được mẫu báo cáo",
         "Không mở được mẫu báo cáo {path} ({text}). Kiểm tra tên tệp (khóa mau của mục [bao_cao] và mục "
         "[thu_muc] trong config.toml); nếu tệp mở được trong Word, hãy lưu lại dạng Word (.docx)."),
    Rule("mau-sai-cu-phap", Severity.ERROR, "Mẫu sai cú pháp", "Sai cú pháp: {text}."),
    Rule("mau-ten-khong-co", Severity.ERROR, "Mẫu dùng tên không có",
         "Tên «{name}» không có trong các tên mẫu báo cáo dùng được.{hint}",
         {"danh-muc": "«{name}»: {catalog} không có mã «{key}».{hint}",
          "thuoc-tinh": "«{name}»: {what} không có «{attr}».{hint}",
          "bo-loc": "«{name}»: không có bộ lọc «{attr}».{hint}"}),
    Rule("mau-in-ma-python", Severity.ERROR, "Mẫu in ra chữ dạng mã Python",
         "«{name}» là {what}: in thẳng ra thì báo cáo có chữ dạng mã Python. {hint}"),
    Rule("mau-chon-theo-thu-tu", Severity.WARNING, "Mẫu chọn nội dung theo thứ tự dòng",
         "«{name}» chọn {what} theo thứ tự dòng: đơn vị gửi theo thứ tự khác hoặc bỏ bớt một dòng là báo cáo ghép "
         "sai chỗ. Nên đề nghị đơn vị ghi một khóa ở cột Khóa của trang {sheet} rồi dùng {hint}."),
    Rule("mau-thieu-chua-in", Severity.WARNING, "Mẫu không có chỗ in nội dung còn lại",
         "Mẫu không có tên «{name}»: nội dung nổi bật hoặc mục danh sách đơn vị gửi mà mẫu không in ở đâu (ví dụ mục "
         "mẫu không nhắc tới) sẽ không có trong dự thảo. Thêm vào cuối mẫu, trước «Nơi nhận», ba đoạn "
         "{{%p for dong in {name} %}}, {{{{ dong }}}}, {{%p endfor %}}."),
    Rule("mau-theo-doi-thay-doi", Severity.ERROR, "Mẫu còn thay đổi chưa chấp nhận",
         "Đoạn có thẻ còn thay đổi được theo dõi (Track Changes) chưa chấp nhận: trong Word chọn Review > Accept "
         "(Xem lại > Chấp nhận) hoặc Reject cho đoạn này rồi lưu lại."),
    Rule("mau-lenh-khong-duoc-phep", Severity.ERROR, "Mẫu có lệnh không được phép",
         "Mẫu có lệnh không được phép ({text}): mẫu báo cáo chỉ được dùng các tên trong tệp hướng dẫn mẫu (python generate.py huong-dan-mau)."),
    Rule("mau-loi-khi-dien", Severity.ERROR, "Lỗi khi điền số liệu vào mẫu", "Lỗi khi điền số liệu: {text}."),
    Rule("mau-chu-thich-sai-cho", Severity.ERROR, "Chú thích đặt sai chỗ", "{text}"),
    Rule("mau-the-con-sot", Severity.ERROR, "Thẻ còn sót sau khi điền",
         "Sau khi điền số liệu vẫn còn chữ «{text}» dạng thẻ: kiểm tra các cặp {{{{ }}}} và {{% %}} ở đoạn này."),
]

RULES: dict[str, Rule] = {r.code: r for r in (*_RULES, *_ARCHIVE_RULES)}
DATA_CODES: tuple[str, ...] = tuple(r.code for r in _RULES)   # the codes of Findings (unit data), not the archive's


class Treatment(str, Enum):
    """What the draft does with what a finding doubts (the README's column "Trong dự thảo")."""

    EXCLUDE = "loại, đánh dấu"      # unusable (not a number, missing …): left out, a marker where it would be
    MARK = "in, đánh dấu"           # inconsistent but plausible: printed, highlighted, with a note on what and whose
    NONE = "không đánh dấu"         # the draft prints nothing the finding questions


@dataclass(frozen=True)
class Handling:
    treatment: Treatment
    label: str = ""                 # the first words of the marker: ``[chưa khớp: … — Sở Khoa học và Công nghệ]``


_X, _M, _N = Treatment.EXCLUDE, Treatment.MARK, Treatment.NONE

# The one rule for doubt: for every data code, what the draft does with the value, list item, document, task
# status or unit it concerns. A unit whose file is refused is excluded as a whole: a marker names it and the
# reason where its content would be (once per section it reports in).
HANDLING: dict[str, Handling] = {
    "tep-khong-doc-duoc": Handling(_X, "tệp không đọc được"),
    "tep-khong-truy-cap": Handling(_X, "tệp không lấy được từ ổ đĩa"),
    "tep-khong-phai-excel": Handling(_X, "tệp không phải Excel"),
    "tep-co-mat-khau": Handling(_X, "tệp có mật khẩu"),
    "tep-doi-duoi": Handling(_X, "tệp bị đổi đuôi"),
    "tep-qua-lon": Handling(_X, "tệp quá lớn"),
    "tep-tam-excel": Handling(_N),                                  # Excel's lock file: not a unit's report
    "khong-phai-mau-bieu": Handling(_X, "tệp không đúng mẫu biểu"),
    "sai-phien-ban-mau": Handling(_X, "mẫu biểu phiên bản cũ"),
    "don-vi-khong-xac-dinh": Handling(_X, "không xác định được đơn vị"),
    "sai-ky-bao-cao": Handling(_X, "tệp của kỳ khác"),
    "don-vi-trung-lap": Handling(_N),                               # the unit's newest file is used
    "don-vi-chua-bao-cao": Handling(_X, "chưa báo cáo"),
    "chi-tieu-khong-xac-dinh": Handling(_N),                        # a row outside the catalog: never printed
    "khong-phai-so": Handling(_X, "không phải là số"),
    "so-mo-ho": Handling(_X, "số viết không rõ nghĩa"),
    "so-am": Handling(_X, "số âm"),
    "khong-phai-so-nguyen": Handling(_X, "không phải số nguyên"),
    "ty-le-khong-hop-le": Handling(_X, "tỷ lệ ngoài 0–100%"),
    "thieu-so-lieu": Handling(_X, "để trống"),
    "vuot-mau-so": Handling(_M, "số đạt lớn hơn tổng số"),
    "tong-khong-khop": Handling(_M, "chưa khớp"),
    "ty-le-sai": Handling(_N),                                      # the draft prints the computed ratio
    "danh-sach-khong-khop": Handling(_M, "chưa khớp danh sách"),
    "danh-sach-khong-xac-dinh": Handling(_N),                       # a row for no list or section of the report
    "khoa-trung-lap": Handling(_M, "khóa trùng"),                   # both rows printed, the second marked
    "phong-chu-cu": Handling(_M, "chữ chuyển từ phông cũ, cần soát lại"),
    "thieu-noi-dung": Handling(_X, "thiếu nội dung"),
    "ngay-khong-hop-le": Handling(_X, "ngày không hợp lệ"),
    "luy-ke-giam": Handling(_M, "số lũy kế giảm"),
    "tang-khong-khop": Handling(_M, "chưa khớp với số lũy kế"),
    "bien-dong-bat-thuong": Handling(_M, "biến động bất thường"),
    "ngay-ngoai-ky": Handling(_M, "ngoài kỳ báo cáo"),
    "ty-le-trung-nhau": Handling(_M, "trùng số liệu với tỷ lệ khác"),
    "nhiem-vu-khong-xac-dinh": Handling(_N),                        # not a task of the plans
    "nhiem-vu-khong-chu-tri": Handling(_N),                         # the lead unit's status is what counts
    "tinh-trang-khong-hop-le": Handling(_X, "tình trạng không hợp lệ"),
    "hoan-thanh-thieu-ngay": Handling(_X, "hoàn thành chưa có ngày"),
    "ngay-hoan-thanh-sau-ky": Handling(_X, "ngày hoàn thành sau kỳ"),
    "ngay-hoan-thanh-thua": Handling(_M, "có ngày hoàn thành nhưng chưa hoàn thành"),
    "hoan-thanh-ky-truoc": Handling(_M, "kỳ trước đã báo cáo hoàn thành"),
    "ngay-chot-bat-thuong": Handling(_M, "ngày chốt số liệu bất thường"),
    "thang-chua-lap-bao-cao": Handling(_X, "chưa có số liệu tháng"),
    "don-vi-thieu-thang": Handling(_M, "thiếu báo cáo tháng"),
    "thang-luu-phien-ban-cu": Handling(_X, "tháng lưu bằng phiên bản cũ"),
}
if set(HANDLING) != set(DATA_CODES):
    raise KeyError(f"HANDLING and the data codes differ: {sorted(set(HANDLING) ^ set(DATA_CODES))}")


def finding(code: str, *, unit_code: str = "", unit_name: str = "", source: Source = NOWHERE, value: object = "",
            detail: str = "", base: str = "", about: tuple[str, ...] = (), note: str = "") -> Finding:
    """A finding worded from the registry; an unknown code is a programming error (KeyError). ``about`` and
    ``note``: what it questions in the draft and the marker's words (``HANDLING`` says what the draft does)."""
    rule = RULES[code]
    shown = "" if value is None else str(value)
    message = rule.template.format(value=shown, detail=detail, base=base)
    return Finding(code, rule.severity, message, unit_code, unit_name, source, shown, about, note)


@dataclass(frozen=True)
class Problem:
    """A problem of the archive's own files (the signed PDF, the stored copies), shown in the terminal."""

    code: str
    message: str
    detail: str = ""    # technical detail, shown with --debug

    @property
    def severity(self) -> Severity:
        return RULES[self.code].severity


def problem(code: str, variant: str = "", *, detail: str = "", **fields: object) -> Problem:
    """A problem worded from the registry (``variant``: one of the rule's particular wordings)."""
    return Problem(code, RULES[code].wording(variant).format(**fields), detail)


def emits(*codes: str) -> Callable[[F], F]:
    """Declare the codes a function emits, as frictionless-py checks declare their errors. An unknown code fails
    at import; the tests check that a function emits only what it declares and every code is declared somewhere."""
    unknown = [c for c in codes if c not in RULES]
    if unknown:
        raise KeyError(f"codes not in the registry: {', '.join(unknown)}")

    def declare(function: F) -> F:
        setattr(function, "emits", codes)
        return function
    return declare
