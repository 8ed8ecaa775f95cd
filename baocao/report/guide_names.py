"""What each name a template can use means, in Vietnamese, for the template guide (``huong-dan-mau``).

The guide lists these next to the names the code actually offers: a view's declared attributes, properties and
methods, the keys of ``co_quan``, ``bao_cao`` and ``ky``, the helpers. A test fails when a name has no entry here,
so the guide stays complete when a view gains an attribute.
"""
from __future__ import annotations

from .communes import CommuneRow, RankingView
from .context import Counter
from .highlights import Highlights, HighlightView, OverdueLine, SectionView, UnitGroup, UnitHighlights
from .lists import DocumentView, ItemView, KeyedItems, ListView
from .numbers import Figure, UnitValue
from .reporting import PeriodView, RateView, ReportingView
from .spans import Change, LeadRow, TargetRow, TaskLine, TaskSummary
from .tasks import Lateness, TaskRow, TasksView, UnreportedGroup

# class → (how a template reaches one, {attribute: (meaning, how it prints / example expression)})
# An example expression uses {so} {tl} {ds} {muc} {khoa} {don_vi}: codes chosen from the period's data.
VIEWS: dict[type, tuple[str, dict[str, tuple[str, str]]]] = {
    Figure: ("so.<mã chỉ tiêu> hoặc tl.<mã tỷ lệ>", {
        "gia_tri": ("giá trị số chưa định dạng, để so sánh trong {% if %} (không in thẳng: in so.<mã>)",
                    "{% if so.{so}.gia_tri %}có số liệu{% endif %}"),
        "muc_tieu": ("mục tiêu của kế hoạch cho tỷ lệ (cột target_text của ratios.csv), ví dụ «từ 80% trở lên»",
                     "{{ tl.{tl}.muc_tieu }}"),
        "dat_muc_tieu": ("tỷ lệ đã đạt mục tiêu chưa (đúng/sai), chỉ dùng trong {% if %}",
                         "{% if tl.{tl}.dat_muc_tieu %}đạt{% else %}chưa đạt{% endif %}"),
        "theo_don_vi": ("số của từng đơn vị đã gửi, theo thứ tự units.csv; dùng với |join(\"; \") hoặc vòng lặp",
                        "{{ so.{so}.theo_don_vi|join(\"; \") }}"),
        "tinh_den": ("ngày chốt số liệu đơn vị ghi (Số liệu tính đến ngày), nếu không có thì ngày cuối kỳ; dùng sau "
                     "«Tính đến ngày»", "Tính đến ngày {{ so.{so}.tinh_den }}"),
        "text": ("số đã định dạng, không kèm chỗ đánh dấu và ghi chú nguồn (để ghép chữ trong mẫu)",
                 "{{ so.{so}.text }}")}),
    UnitValue: ("một phần tử của so.<mã>.theo_don_vi", {
        "don_vi": ("tên đơn vị", "{% for x in so.{so}.theo_don_vi %}{{ x.don_vi }}; {% endfor %}"),
        "so": ("số của đơn vị, đã định dạng", "{% for x in so.{so}.theo_don_vi %}{{ x.so }}; {% endfor %}")}),
    ListView: ("ds.<mã danh sách>", {
        "count": ("số mục của danh sách, có số 0 đứng trước khi dưới 10 (09)", "{{ ds.{ds}.count }}"),
        "ten": ("danh từ để đếm (cột item_noun của lists.csv), ví dụ «Quyết định», «điểm»", "{{ ds.{ds}.ten }}"),
        "liet_ke": ("liệt kê các mục: liet_ke(\"so\") «(1) …; (2) ….», (\"phay\") «…, ….», (\"cham_phay\") «…; ….», "
                    "(\"va\") «…, … và ….»; in thẳng ds.<mã> cũng là liet_ke(\"so\")", "{{ ds.{ds}.liet_ke(\"phay\") }}"),
        "con_lai": ("các mục chưa in ở câu nào phía trên (sau các mục đặt theo khóa), dùng trong {%p for t in … %} "
                    "để không bỏ sót mục nào", "{% for t in ds.{ds_khoa}.con_lai %}{{ t }}; {% endfor %}")}),
    KeyedItems: ("ds.<mã danh sách>.<khóa>: mục đơn vị ghi khóa đó ở cột Khóa của trang Danh sách; in thẳng là nội "
                 "dung mục; chưa có mục nào mang khóa đó trong kỳ thì in chỗ đánh dấu tô vàng nêu tên đơn vị", {
        "noi_dung": ("nội dung mục, không kèm chỗ đánh dấu", "{{ ds.{ds_khoa}.{ds_khoa_ten}.noi_dung }}"),
        "so_luong": ("số lượng của mục (danh sách có cột Số lượng), đã định dạng", ""),
        "don_vi": ("tên đơn vị gửi", "{{ ds.{ds_khoa}.{ds_khoa_ten}.don_vi }}")}),
    DocumentView: ("d khi lặp {% for d in ds.<mã> %} (danh sách văn bản)", {
        "loai": ("loại văn bản, ví dụ «Quyết định»", "{% for d in ds.{ds} %}{{ d.loai }}; {% endfor %}"),
        "so_ky_hieu": ("số, ký hiệu, ví dụ «1211/QĐ-UBND»", "{% for d in ds.{ds} %}{{ d.so_ky_hieu }}; {% endfor %}"),
        "ngay": ("ngày ban hành, ví dụ «16/9/2025»", "{% for d in ds.{ds} %}{{ d.ngay }}; {% endfor %}"),
        "trich_yeu": ("trích yếu", "{% for d in ds.{ds} %}{{ d.trich_yeu }}; {% endfor %}"),
        "don_vi": ("đơn vị gửi", "{% for d in ds.{ds} %}{{ d.don_vi }}; {% endfor %}"),
        "doc_type": ("tên cũ của loai", ""), "number": ("tên cũ của so_ky_hieu", ""),
        "date": ("tên cũ của ngay", ""), "subject": ("tên cũ của trich_yeu", "")}),
    ItemView: ("một mục khi lặp {% for m in ds.<mã> %} (danh sách điểm, cơ sở, mô hình…)", {
        "noi_dung": ("nội dung mục", "{% for m in ds.{ds_muc} %}{{ m.noi_dung }}; {% endfor %}"),
        "so_luong": ("số lượng (danh sách có cột Số lượng), đã định dạng", ""),
        "ghi_chu": ("ghi chú đơn vị gửi kèm", ""),
        "don_vi": ("đơn vị gửi", "{% for m in ds.{ds_muc} %}{{ m.don_vi }}; {% endfor %}"),
        "khoa": ("khóa đơn vị ghi ở cột Khóa (trống nếu không ghi)", "{% for m in ds.{ds_muc} %}{{ m.khoa }}; {% endfor %}"),
        "text": ("tên cũ của noi_dung", ""), "quantity": ("tên cũ của so_luong", ""), "note": ("tên cũ của ghi_chu", "")}),
    Highlights: ("noi_bat[\"<mục>\"].<khóa>: các nội dung có khóa đó", {
        "noi_dung": ("nội dung, không kèm chú thích (để dùng trong một chú thích khác)",
                     "{{ noi_bat[\"{muc_khoa}\"].{khoa}.noi_dung }}"),
        "menh_de": ("nội dung như một vế câu: kèm chú thích và mức chậm tiến độ, không có dấu chấm cuối",
                    "{{ noi_bat[\"{muc_khoa}\"].{khoa}.menh_de }}"),
        "don_vi": ("tên các đơn vị đã gửi", "{{ noi_bat[\"{muc_khoa}\"].{khoa}.don_vi }}")}),
    SectionView: ("noi_bat[\"<mục>\"]: cả mục; in thẳng là mọi nội dung nối tiếp nhau", {
        "con_lai": ("các nội dung chưa in ở đoạn nào phía trên (dùng trong {%p for h in … %})",
                    "{% for h in noi_bat[\"{muc}\"].con_lai %}{{ h }} {% endfor %}"),
        "theo_don_vi": ("các nội dung chưa in, nhóm theo đơn vị (thứ tự units.csv): mỗi nhóm là một «nhom»",
                        "{% for nhom in noi_bat[\"{muc}\"].theo_don_vi %}{{ nhom.tieu_de }}; {% endfor %}"),
        "don_vi_con_lai": ("tên cũ của theo_don_vi", ""),
        "chua_bao_cao": ("chỗ đánh dấu (tô vàng) nêu các đơn vị thường báo cáo ở mục này nhưng chưa gửi hoặc có tệp bị "
                         "từ chối, và các dòng bị loại; trống nếu không thiếu gì (con_lai và theo_don_vi đã tự in ở "
                         "cuối)", "{{ noi_bat[\"{muc}\"].chua_bao_cao }}")}),
    UnitHighlights: ("noi_bat[\"<mục>\"].<mã đơn vị>: các nội dung của một đơn vị", {
        "chua_bao_cao": ("đánh dấu tô vàng «[thiếu số liệu: …]» khi đơn vị chưa gửi báo cáo kỳ này, không có gì khi "
                         "đã gửi", "{{ noi_bat[\"{muc}\"].{don_vi}.chua_bao_cao }}")}),
    UnitGroup: ("nhom khi lặp {% for nhom in noi_bat[\"<mục>\"].theo_don_vi %}", {
        "tieu_de": ("đầu nhóm: dòng có khóa tieu_de của đơn vị, nếu không có thì tên đơn vị",
                    "{% for nhom in noi_bat[\"{muc}\"].theo_don_vi %}{{ nhom.tieu_de }}; {% endfor %}"),
        "tieu_de_hai_cham": ("đầu nhóm có dấu hai chấm ở cuối, cho nhóm chỉ có một nội dung viết liền sau",
                             "{% for nhom in noi_bat[\"{muc}\"].theo_don_vi %}{{ nhom.tieu_de_hai_cham }} "
                             "{% endfor %}"),
        "noi_bat": ("tên cũ: các nội dung của nhóm (nay lặp thẳng {% for h in nhom %})", "")}),
    HighlightView: ("h khi lặp {% for h in noi_bat[\"<mục>\"] %}; in thẳng là nội dung kèm chú thích, mức chậm "
                    "tiến độ và dấu chấm", {
        "don_vi": ("tên đơn vị gửi", "{% for h in noi_bat[\"{muc}\"] %}{{ h.don_vi }}; {% endfor %}"),
        "don_vi_ngan": ("tên ngắn của đơn vị (cột short_name của units.csv)",
                        "{% for h in noi_bat[\"{muc}\"] %}{{ h.don_vi_ngan }}; {% endfor %}"),
        "khoa": ("khóa đơn vị ghi ở cột Khóa (trống nếu không ghi)",
                 "{% for h in noi_bat[\"{muc}\"] %}{{ h.khoa }}; {% endfor %}"),
        "chu_thich": ("chú thích cuối trang đơn vị ghi kèm (chữ)", ""),
        "cham_tien_do": ("mức chậm tiến độ của nhiệm vụ liên quan (không có nếu không chậm): dùng trong {% if %}, "
                         "in ra «chậm tiến độ 01 tháng so với yêu cầu hoàn thành tháng 9/2025»", ""),
        "noi_dung": ("nội dung, không kèm chú thích", "{% for h in noi_bat[\"{muc}\"] %}{{ h.noi_dung }} {% endfor %}"),
        "chinh": ("nội dung kèm chú thích, không kèm mức chậm tiến độ và dấu chấm cuối", ""),
        "ket": ("dấu chấm cuối như đơn vị gõ (hoặc không có)", ""),
        "menh_de": ("như một vế câu: kèm chú thích và mức chậm tiến độ, không có dấu chấm cuối",
                    "{% for h in noi_bat[\"{muc}\"] %}{{ h.menh_de }}; {% endfor %}"),
        "thang": ("(báo cáo quý, 6 tháng, 9 tháng, năm) tháng đơn vị gửi nội dung, ví dụ «tháng 10/2025»; báo cáo "
                  "tháng: trống", "{% for h in noi_bat[\"{muc}\"] %}{{ h.thang }}; {% endfor %}")}),
    OverdueLine: ("h ở mục III cho nhiệm vụ quá hạn không nội dung nào nhắc tới (công cụ tự thêm)", {}),
    Lateness: ("h.cham_tien_do", {
        "so_thang": ("số tháng chậm, có số 0 đứng trước (01)", ""),
        "muc": ("«chậm tiến độ 01 tháng» (hoặc «hoàn thành chậm …»)", ""),
        "han": ("thời hạn theo kế hoạch, ví dụ «tháng 9/2025», «trước ngày 15/4/2025»", ""),
        "hoan_thanh": ("đã hoàn thành nhưng chậm (đúng/sai), dùng trong {% if %}", "")}),
    TasksView: ("nhiem_vu: các nhiệm vụ theo kế hoạch", {
        "ke_hoach": ("các kế hoạch giao nhiệm vụ, ví dụ «Kế hoạch số 3433/KH-UBND ngày 26/3/2025 của UBND tỉnh»",
                     "{{ nhiem_vu.ke_hoach }}"),
        "so_nhiem_vu": ("số nhiệm vụ (không tính nhiệm vụ mẹ)", "{{ nhiem_vu.so_nhiem_vu }}"),
        "cham_tien_do": ("các dòng «đơn vị: nhiệm vụ … chậm tiến độ …»; dùng |join hoặc vòng lặp",
                         "{{ nhiem_vu.cham_tien_do|join(\"; \") }}"),
        "phu_luc": ("các dòng của bảng phụ lục (mỗi dòng là một «r»): nhiệm vụ đã có báo cáo (kỳ này, hoặc tình trạng "
                    "kỳ trước kèm tháng), nhiệm vụ quá hạn trước; dùng với {%tr for r in nhiem_vu.phu_luc %}",
                    "{{ nhiem_vu.phu_luc|length }}"),
        "chua_bao_cao": ("các nhiệm vụ chưa có báo cáo, nhóm theo đơn vị chủ trì (mỗi nhóm là một «g»), nhóm có "
                         "nhiệm vụ quá hạn trước", "{% for g in nhiem_vu.chua_bao_cao %}{{ g }}; {% endfor %}"),
        "co_phu_luc": ("có phụ lục hay không (đúng/sai; phu_luc_nhiem_vu = false trong config.toml thì không), "
                       "dùng trong {% if %}", "{% if nhiem_vu.co_phu_luc %}có phụ lục{% endif %}")}),
    UnreportedGroup: ("g khi lặp {% for g in nhiem_vu.chua_bao_cao %}; in thẳng: «đơn vị: nhiệm vụ 4, 8 …»", {
        "don_vi": ("đơn vị chủ trì, như kế hoạch ghi", ""),
        "nhiem_vu": ("số các nhiệm vụ, nhiệm vụ quá hạn ghi kèm thời hạn", ""),
        "so_nhiem_vu": ("số nhiệm vụ, có số 0 đứng trước khi dưới 10", ""),
        "qua_han": ("có nhiệm vụ quá hạn không (đúng/sai), dùng trong {% if %}", "")}),
    TaskRow: ("r khi lặp {%tr for r in nhiem_vu.phu_luc %}", {
        "so": ("số thứ tự nhiệm vụ trong kế hoạch", ""), "noi_dung": ("nội dung nhiệm vụ", ""),
        "chu_tri": ("đơn vị chủ trì", ""), "thoi_han": ("thời hạn hoàn thành (mỗi thời hạn một dòng)", ""),
        "tinh_trang": ("tình trạng: Hoàn thành ngày …, Đang thực hiện, Chưa báo cáo…", ""),
        "ghi_chu": ("ghi chú: mức chậm tiến độ và ghi chú của đơn vị", ""),
        "nhom": ("dòng là nhiệm vụ mẹ hoặc tên kế hoạch (đúng/sai), để in đậm trong {% if %}", "")}),
    RateView: ("tinh_hinh (toàn tỉnh), tinh_hinh.theo_loai.<loại> (so_nganh, xa, phuong, dac_khu, xa_phuong) hoặc "
               "một kỳ của tinh_hinh.cac_ky", {
        "ten": ("tên nhóm đơn vị, ví dụ «xã, phường, đặc khu»", "{{ tinh_hinh.theo_loai.xa_phuong.ten }}"),
        "phai_gui": ("số đơn vị phải gửi báo cáo (cột required của units.csv)", "{{ tinh_hinh.phai_gui }}"),
        "da_gui": ("số đơn vị đã gửi", "{{ tinh_hinh.da_gui }}"),
        "dung_han": ("số đơn vị gửi đúng hạn (hạn gửi trong config.toml)", "{{ tinh_hinh.dung_han }}"),
        "gui_muon": ("số đơn vị gửi muộn", "{{ tinh_hinh.gui_muon }}"),
        "chua_gui": ("số đơn vị chưa gửi (kể cả tệp bị từ chối)", "{{ tinh_hinh.chua_gui }}"),
        "ty_le_gui": ("tỷ lệ đơn vị đã gửi, phần trăm (16,87%)", "{{ tinh_hinh.ty_le_gui }}"),
        "ty_le_dung_han": ("tỷ lệ đơn vị gửi đúng hạn, phần trăm", "{{ tinh_hinh.ty_le_dung_han }}")}),
    ReportingView: ("tinh_hinh: tình hình gửi báo cáo của kỳ (đơn vị nào đã gửi, đúng hạn chưa)", {
        "han_gui": ("hạn gửi báo cáo, ví dụ «17/10/2025» (trống nếu config.toml không đặt hạn)",
                    "{{ tinh_hinh.han_gui }}"),
        "theo_loai": ("như tinh_hinh nhưng cho từng loại đơn vị: .so_nganh, .xa, .phuong, .dac_khu, .xa_phuong",
                      "{{ tinh_hinh.theo_loai.so_nganh.da_gui }}/{{ tinh_hinh.theo_loai.so_nganh.phai_gui }}"),
        "ds_chua_gui": ("tên các đơn vị chưa gửi (thứ tự units.csv); dùng |join(\", \")",
                        "{{ tinh_hinh.ds_chua_gui|join(\", \") }}"),
        "ds_gui_muon": ("tên các đơn vị gửi muộn; dùng |join(\", \")", "{{ tinh_hinh.ds_gui_muon|join(\", \") }}"),
        "cac_ky": ("các kỳ trong lịch sử, cũ trước, kỳ này cuối; mỗi kỳ có .ky và các số như tinh_hinh",
                   "{% for k in tinh_hinh.cac_ky %}{{ k.ky }}: {{ k.ty_le_gui }}; {% endfor %}")}),
    PeriodView: ("một kỳ khi lặp {% for k in tinh_hinh.cac_ky %}", {
        "ky": ("kỳ, ví dụ «9/2025»", "{% for k in tinh_hinh.cac_ky %}{{ k.ky }}; {% endfor %}")}),
    Change: ("so_sanh.<mã chỉ tiêu> (báo cáo quý, 6 tháng, 9 tháng, năm); in thẳng là «tăng 47 (188,00%) so với "
             "quý III/2025»", {
        "chenh_lech": ("số tăng hoặc giảm, đã định dạng, không dấu", "{{ so_sanh.{so}.chenh_lech }}"),
        "phan_tram": ("tăng, giảm bao nhiêu phần trăm so với kỳ trước (12,50%)", "{{ so_sanh.{so}.phan_tram }}")}),
    TargetRow: ("r khi lặp {%tr for r in muc_tieu %} (báo cáo năm: các tỷ lệ có mục tiêu)", {
        "stt": ("số thứ tự", "{% for r in muc_tieu %}{{ r.stt }}; {% endfor %}"),
        "ten": ("tên tỷ lệ (ratios.csv)", "{% for r in muc_tieu %}{{ r.ten }}; {% endfor %}"),
        "ket_qua": ("tỷ lệ đạt được của kỳ", "{% for r in muc_tieu %}{{ r.ket_qua }}; {% endfor %}"),
        "muc_tieu": ("mục tiêu của kế hoạch (cột target_text)", "{% for r in muc_tieu %}{{ r.muc_tieu }}; {% endfor %}"),
        "danh_gia": ("«Đạt» hoặc «Chưa đạt» (tô vàng khi chưa tính được)",
                     "{% for r in muc_tieu %}{{ r.danh_gia }}; {% endfor %}")}),
    TaskSummary: ("ket_qua_nhiem_vu (báo cáo quý, 6 tháng, 9 tháng, năm): các nhiệm vụ đến hạn trong kỳ, mỗi nhiệm "
                  "vụ tính một lần", {
        "so_nhiem_vu": ("số nhiệm vụ đến hạn trong kỳ (báo cáo năm: cả nhiệm vụ thực hiện thường xuyên)",
                        "{{ ket_qua_nhiem_vu.so_nhiem_vu }}"),
        "dung_han": ("số nhiệm vụ hoàn thành đúng hạn", "{{ ket_qua_nhiem_vu.dung_han }}"),
        "cham": ("số nhiệm vụ hoàn thành chậm", "{{ ket_qua_nhiem_vu.cham }}"),
        "chua_xong": ("số nhiệm vụ chưa hoàn thành, chưa đến hạn", "{{ ket_qua_nhiem_vu.chua_xong }}"),
        "qua_han": ("số nhiệm vụ quá hạn, chưa hoàn thành", "{{ ket_qua_nhiem_vu.qua_han }}"),
        "chua_bao_cao": ("số nhiệm vụ chưa có báo cáo", "{{ ket_qua_nhiem_vu.chua_bao_cao }}"),
        "theo_don_vi": ("các dòng bảng theo đơn vị chủ trì (mỗi dòng là một «r»)",
                        "{{ ket_qua_nhiem_vu.theo_don_vi|length }}"),
        "danh_sach": ("từng nhiệm vụ đến hạn, mỗi đơn vị chủ trì một dòng", "{{ ket_qua_nhiem_vu.danh_sach|length }}"),
        "qua_han_chi_tiet": ("các nhiệm vụ quá hạn, in thẳng từng dòng", "{{ ket_qua_nhiem_vu.qua_han_chi_tiet|join(\"; \") }}")}),
    LeadRow: ("r khi lặp {%tr for r in ket_qua_nhiem_vu.theo_don_vi %}", {
        "stt": ("số thứ tự", ""), "don_vi": ("đơn vị chủ trì (hoặc nhóm: Các sở, ban, ngành …)", ""),
        "so_nhiem_vu": ("số nhiệm vụ của đơn vị", ""), "dung_han": ("hoàn thành đúng hạn", ""),
        "cham": ("hoàn thành chậm", ""), "chua_xong": ("chưa hoàn thành, chưa đến hạn", ""),
        "qua_han": ("quá hạn, chưa hoàn thành", ""), "chua_bao_cao": ("chưa có báo cáo", "")}),
    TaskLine: ("t khi lặp {% for t in ket_qua_nhiem_vu.danh_sach %}; in thẳng là «Nhiệm vụ 63.8 (…; thời hạn: …): "
               "… – quá hạn 03 tháng, chưa hoàn thành»", {
        "so": ("số nhiệm vụ trong kế hoạch", ""), "noi_dung": ("nội dung nhiệm vụ", ""),
        "chu_tri": ("đơn vị chủ trì", ""), "thoi_han": ("thời hạn theo kế hoạch", ""),
        "ket_qua": ("kết quả: hoàn thành đúng hạn, hoàn thành chậm 01 tháng, quá hạn …", "")}),
    RankingView: ("xep_hang.<mã tỷ lệ>: bảng xếp hạng xã, phường, đặc khu theo một tỷ lệ (tỷ lệ của ratios.csv có số "
                  "đạt và tổng số do xã, phường, đặc khu báo cáo); lặp {%tr for r in xep_hang.<mã> %} để có từng dòng, "
                  "cao trước thấp sau; dùng trong {%p if xep_hang.<mã> %} để chỉ in khi có xã báo cáo", {
        "ten": ("tên tỷ lệ (ratios.csv)", "{{ xep_hang.{xh}.ten }}"),
        "muc_tieu": ("mục tiêu theo kế hoạch (cột target_text), ví dụ «phường đạt từ 95% trở lên; xã, đặc khu đạt từ "
                     "80% trở lên»; mục tiêu từng loại đơn vị ở cột target_by_kind", "{{ xep_hang.{xh}.muc_tieu }}"),
        "so_don_vi": ("số xã, phường, đặc khu phải báo cáo tỷ lệ này", "{{ xep_hang.{xh}.so_don_vi }}"),
        "da_bao_cao": ("số đơn vị đã báo cáo", "{{ xep_hang.{xh}.da_bao_cao }}"),
        "dat": ("số đơn vị đạt mục tiêu của loại mình", "{{ xep_hang.{xh}.dat }}"),
        "chua_dat": ("số đơn vị chưa đạt mục tiêu", "{{ xep_hang.{xh}.chua_dat }}"),
        "chua_bao_cao": ("tên các đơn vị chưa báo cáo (hoặc tệp bị từ chối), nối bằng dấu phẩy, trên một dòng; trống "
                         "khi đủ", "{{ xep_hang.{xh}.chua_bao_cao }}"),
        "tong": ("dòng toàn tỉnh: tổng số của các đơn vị đã báo cáo (ghi «Cộng 60/65 đơn vị đã báo cáo» khi còn "
                 "thiếu) và tỷ lệ tính từ các tổng đó; có .ten, .so.<mã>, .ty_le như một dòng",
                 "{{ xep_hang.{xh}.tong.ten }}: {{ xep_hang.{xh}.tong.ty_le }}")}),
    CommuneRow: ("r khi lặp {%tr for r in xep_hang.<mã tỷ lệ> %}, và xep_hang.<mã>.tong", {
        "hang": ("thứ hạng: 1, 2, 2, 4… (cùng tỷ lệ đã làm tròn thì cùng hạng); trống khi chưa tính được tỷ lệ",
                 "{% for r in xep_hang.{xh} %}{{ r.hang }}. {{ r.ten }}; {% endfor %}"),
        "ten": ("tên ngắn của đơn vị (cột short_name của units.csv)", ""),
        "loai": ("loại đơn vị: Xã, Phường, Đặc khu", ""),
        "so": ("số liệu của đơn vị: r.so.<mã chỉ tiêu>, đã định dạng (chỉ tiêu do xã, phường, đặc khu báo cáo)",
               "{% for r in xep_hang.{xh} %}{{ r.ten }}: {{ r.so.{xh_so} }}; {% endfor %}"),
        "ty_le": ("tỷ lệ của đơn vị (81,48%); tô vàng «[thiếu số liệu]» hoặc «[tổng số bằng 0]» khi không tính được",
                  "{% for r in xep_hang.{xh} %}{{ r.ten }}: {{ r.ty_le }}; {% endfor %}"),
        "muc_tieu": ("mục tiêu của loại đơn vị đó, ví dụ «95%» (phường), «80%» (xã)", ""),
        "danh_gia": ("«Đạt» hoặc «Chưa đạt» so với mục tiêu của loại đơn vị", "")}),
    Counter: ("n = bo_dem() trong {%p set n = bo_dem() %}", {
        "tiep": ("số tiếp theo: 1, 2, 3…", "{% set n = bo_dem() %}{{ n.tiep() }}, {{ n.tiep() }}"),
        "hien_tai": ("số vừa đếm", "{% set n = bo_dem() %}{{ n.tiep() }}. …; {{ n.tiep() }}. … (đã đánh đến số {{ n.hien_tai }})")}),
}

HELPERS: dict[str, tuple[str, str, str]] = {   # name → (meaning, how it prints, example expression)
    "chu_thich": ("chú thích cuối trang thật của Word, đánh số tự động; nội dung là chữ, một số liệu, một danh sách "
                  "(liệt kê) hoặc một khối {% set %}; chu_thich(..., dam=\"Điển hình:\") in đậm chữ đầu",
                  "số chú thích nhỏ phía trên dòng; nội dung ở cuối trang", "{{ chu_thich(ds.{ds}) }}"),
    "danh_dau": ("ghi chú tô vàng cho người sửa dự thảo, trong ngoặc vuông", "[…] tô vàng",
                 "{{ danh_dau(\"cần kiểm tra lại\") }}"),
    "chu_cai": ("chữ cái thứ tự tiếng Việt cho các ý a), b), c), d), đ), e)…: chu_cai(0) là a",
                "một chữ cái", "{{ chu_cai(4) }}"),
    "bieu_do": ("biểu đồ cột ngang của Word (sửa được trong Word: bấm chuột phải, Edit Data) vẽ tỷ lệ của từng xã, "
                "phường, đặc khu theo thứ hạng; cột màu cam là đơn vị chưa đạt mục tiêu của loại mình. Viết một mình "
                "trên một đoạn: {{ bieu_do(xep_hang.<mã tỷ lệ>) }}; chú thích «Biểu đồ 1. …» là đoạn văn bên dưới, "
                "do văn thư viết. Nhiều đơn vị quá một trang thì vẽ thành nhiều biểu đồ, mỗi trang một biểu đồ",
                "biểu đồ cao gần hết trang", "{{ bieu_do(xep_hang.{xh}) }}"),
    "bo_dem": ("bộ đếm để đánh số 1., 2., 3. các đề mục khi có đề mục được bỏ qua", "xem n.tiep()",
               "{% set n = bo_dem() %}{{ n.tiep() }}. …; {{ n.tiep() }}. …"),
}

DICTS: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {   # dict → (meaning, {key: (meaning, set in)})
    "co_quan": ("cơ quan ban hành báo cáo (config.toml, mục [co_quan])", {
        "chu_quan": ("tên cơ quan chủ quản, dòng trên cùng bên trái", "[co_quan] chu_quan"),
        "ban_hanh": ("tên cơ quan ban hành (in đậm)", "[co_quan] ban_hanh"),
        "ten_day_du": ("cách gọi cơ quan trong nội dung", "[co_quan] ten_day_du"),
        "ky_hieu": ("chữ viết tắt trong số, ký hiệu", "[co_quan] ky_hieu"),
        "dia_danh": ("địa danh ở dòng ngày tháng", "[co_quan] dia_danh")}),
    "bao_cao": ("thông tin của văn bản báo cáo (config.toml, mục [bao_cao])", {
        "so_ky_hieu": ("số, ký hiệu, ví dụ «146/BC-BCĐ» (số dưới 10 có số 0 đứng trước; để trống nếu văn thư ghi sau)",
                       "[bao_cao] so, ky_hieu_loai"),
        "ngay": ("ngày ban hành viết đầy đủ, ví dụ «ngày 22 tháng 10 năm 2025»", "[bao_cao] ngay_ban_hanh"),
        "ngay_ban_hanh": ("ngày ban hành chưa định dạng: chỉ dùng trong {% if %}, in thì dùng bao_cao.ngay",
                          "[bao_cao] ngay_ban_hanh"),
        "dia_danh_ngay": ("«Khánh Hòa, ngày 22 tháng 10 năm 2025»", "[co_quan] dia_danh, [bao_cao] ngay_ban_hanh"),
        "trich_yeu": ("trích yếu dưới chữ BÁO CÁO", "[bao_cao] trich_yeu"),
        "de_an": ("tên đề án", "[bao_cao] de_an"),
        "kinh_gui": ("cơ quan nhận báo cáo", "[bao_cao] kinh_gui"),
        "quyen_han": ("dòng quyền hạn người ký (TM., KT. …)", "[bao_cao] quyen_han"),
        "chuc_vu": ("chức vụ người ký", "[bao_cao] chuc_vu"),
        "nguoi_ky": ("họ tên người ký", "[bao_cao] nguoi_ky"),
        "noi_nhan": ("các nơi nhận (dùng trong vòng lặp; mỗi nơi có .ten và .ghi_chu)", "[bao_cao] noi_nhan"),
        "luu": ("dòng «Lưu: …»", "[bao_cao] luu"),
        "mau": ("tên tệp mẫu Word đang dùng", "[bao_cao] mau")}),
    "ky": ("kỳ báo cáo (config.toml, mục [ky_bao_cao], và --ky)", {
        "ten": ("tên kỳ cho mọi loại báo cáo: «tháng 10/2025», «quý IV năm 2025», «6 tháng đầu năm 2025», «năm 2025»",
                "--ky"),
        "loai": ("loại kỳ: «tháng», «quý», «6 tháng», «9 tháng», «năm»", "--ky"),
        "kieu": ("loại kỳ để viết điều kiện: thang, quy, 6-thang, 9-thang, nam ({% if ky.kieu == \"nam\" %})", "--ky"),
        "ten_ngan": ("(báo cáo quý, 6 tháng, 9 tháng, năm) tên ngắn, ví dụ «quý IV/2025»", "--ky"),
        "den_thang": ("(kỳ dài) tháng cuối cùng đã có số liệu, ví dụ «tháng 11/2025»", "các lần chạy bao-cao tháng"),
        "cac_thang": ("(kỳ dài) các tháng của kỳ", "--ky"),
        "dau_ky": ("(kỳ dài) tháng liền trước kỳ, mốc tính số tăng, ví dụ «tháng 9/2025»", "--ky"),
        "ky_truoc": ("(kỳ dài) kỳ để so sánh: quý trước, hoặc cùng kỳ năm trước", "--ky"),
        "so_voi": ("(kỳ dài) «so với quý III/2025», «so với cùng kỳ năm 2024»", "--ky"),
        "thieu": ("(kỳ dài) chỗ tô vàng nêu tháng chưa có số liệu và đơn vị thiếu báo cáo từng tháng; trống khi đủ",
                  "các lần chạy bao-cao tháng"),
        "thang": ("«tháng 10/2025» (chỉ báo cáo tháng)", "--ky"),
        "thang_nam": ("«10/2025» (chỉ báo cáo tháng)", "--ky"),
        "dau_thang": ("«đầu tháng 10/2025» (chỉ báo cáo tháng)", "--ky"),
        "tu_ngay": ("ngày đầu kỳ, ví dụ «16/9/2025»", "[ky_bao_cao] bat_dau"),
        "den_ngay": ("ngày cuối kỳ, ví dụ «15/10/2025»", "[ky_bao_cao] ket_thuc"),
        "nam": ("năm của kỳ", "--ky")}),
}

SPAN_NAMES: dict[str, tuple[str, str]] = {   # a span's own names → (meaning, example)
    "tang.<mã chỉ tiêu lũy kế>": ("số tăng trong kỳ: số cuối kỳ trừ số của tháng liền trước kỳ (ky.dau_ky)",
                                  "{{ tang.{so_lk} }}"),
    "ky_truoc.so.<mã>": ("số liệu của kỳ so sánh (ky.ky_truoc)", "{{ ky_truoc.so.{so} }}"),
    "ky_truoc.tl.<mã>": ("tỷ lệ của kỳ so sánh", "{{ ky_truoc.tl.{tl} }}"),
    "so_sanh.<mã>": ("tăng, giảm so với kỳ so sánh, thành câu", "{{ so_sanh.{so} }}"),
    "muc_tieu": ("các tỷ lệ có mục tiêu (ratios.csv): bảng {%tr for r in muc_tieu %} với r.stt, r.ten, r.ket_qua, "
                 "r.muc_tieu, r.danh_gia", "{% for r in muc_tieu %}{{ r.ten }}: {{ r.ket_qua }} – {{ r.danh_gia }}; "
                 "{% endfor %}"),
    "ket_qua_nhiem_vu": ("các nhiệm vụ đến hạn trong kỳ: số lượng theo kết quả, bảng theo đơn vị chủ trì, từng "
                         "nhiệm vụ quá hạn", "{{ ket_qua_nhiem_vu.so_nhiem_vu }} nhiệm vụ, quá hạn "
                         "{{ ket_qua_nhiem_vu.qua_han }}"),
    "ky.thieu": ("chỗ tô vàng nêu tháng chưa có số liệu và đơn vị thiếu báo cáo từng tháng (trống khi đủ); thường "
                 "đặt ngay sau câu mở đầu: {%p if ky.thieu %} … {%p endif %}", "{{ ky.thieu }}"),
}
