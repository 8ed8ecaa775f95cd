"""Build ``templates/bao_cao_thang.docx``, the Word template of the monthly report, reproducibly.

Usage: ``.venv/bin/python -m tools.build_template [OUT.docx]`` (from the project folder)

The template follows Nghị định 30/2020/NĐ-CP (A4, margins, Times New Roman, the header and
closing tables, headings, page numbers from page 2; then the phụ lục of the plan's tasks in its own
landscape section, numbered from 1) and holds docxtpl tags for every part that comes from data or
from ``config.toml``. Staff may edit the result in Word; rebuilding it
overwrites their edits, so this script is the reference, not the working copy.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.shared import Mm
from lxml import etree

from baocao.report.footnotes import Notes
from baocao.report.render import fit_rules

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "templates" / "bao_cao_thang.docx"
FONT = "Times New Roman"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_WIDTH = 9355                      # twips: 210 mm − 30 mm − 15 mm
HEADER_COLUMNS = (3600, 5755)          # issuing body | national title
CLOSING_COLUMNS = (5155, 4200)         # Nơi nhận | signature

STYLES = f"""
<w:styles xmlns:w="{W_NS}">
  <w:docDefaults>
    <w:rPrDefault><w:rPr>
      <w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>
      <w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>
    </w:rPr></w:rPrDefault>
    <w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal">
    <w:name w:val="Normal"/><w:qFormat/>
    <w:pPr><w:spacing w:before="120" w:after="0" w:line="264" w:lineRule="auto"/>
      <w:ind w:firstLine="720"/><w:jc w:val="both"/></w:pPr>
    <w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>
      <w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Heading1">
    <w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>
    <w:pPr><w:keepNext/><w:spacing w:before="120" w:after="0"/><w:outlineLvl w:val="0"/></w:pPr>
    <w:rPr><w:b/><w:bCs/><w:caps/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Heading2">
    <w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>
    <w:pPr><w:keepNext/><w:spacing w:before="120" w:after="0"/><w:outlineLvl w:val="1"/></w:pPr>
    <w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Heading3">
    <w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>
    <w:pPr><w:keepNext/><w:spacing w:before="120" w:after="0"/><w:outlineLvl w:val="2"/></w:pPr>
    <w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>
  </w:style>
  <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">
    <w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>
  </w:style>
  <w:style w:type="table" w:default="1" w:styleId="TableNormal">
    <w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
    <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>
      <w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>
    </w:tblCellMar></w:tblPr>
  </w:style>
  <w:style w:type="numbering" w:default="1" w:styleId="NoList">
    <w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Header">
    <w:name w:val="header"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
    <w:pPr><w:spacing w:before="0"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Footer">
    <w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
    <w:pPr><w:spacing w:before="0"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="FootnoteText">
    <w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
    <w:pPr><w:spacing w:before="0" w:after="40" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/>
      <w:jc w:val="both"/></w:pPr>
    <w:rPr><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr>
  </w:style>
  <w:style w:type="character" w:styleId="FootnoteReference">
    <w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>
    <w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="KhoiTieuDe">
    <w:name w:val="Khối tiêu đề"/><w:basedOn w:val="Normal"/><w:qFormat/>
    <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/>
      <w:jc w:val="center"/></w:pPr>
    <w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="KeNgangNgan">
    <w:name w:val="Kẻ ngang ngắn"/><w:basedOn w:val="KhoiTieuDe"/>
    <w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>
      <w:spacing w:before="0" w:after="0" w:line="80" w:lineRule="exact"/></w:pPr>
    <w:rPr><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="KeNgangDai">
    <w:name w:val="Kẻ ngang dài"/><w:basedOn w:val="KeNgangNgan"/>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="BangNoiDung">
    <w:name w:val="Bảng nội dung"/><w:basedOn w:val="KhoiTieuDe"/><w:qFormat/>
    <w:pPr><w:spacing w:before="40" w:after="40"/><w:jc w:val="left"/></w:pPr>
    <w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="BangTieuDe">
    <w:name w:val="Bảng tiêu đề cột"/><w:basedOn w:val="BangNoiDung"/>
    <w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr>
    <w:rPr><w:b/><w:bCs/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="NoiNhan">
    <w:name w:val="Nơi nhận"/><w:basedOn w:val="KhoiTieuDe"/>
    <w:pPr><w:jc w:val="left"/></w:pPr>
    <w:rPr><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr>
  </w:style>
</w:styles>
"""

# Body of the report. Kinds: h1 "I.", h2 "1." (bold), h3 "a)" (plain), p (body text), tag (a {%p %} line).
# Inline: **bold**, __italic__. Every figure is a tag; nothing here is a number from the data.
SECTION_I_1 = [
    ("h1", "I. KẾT QUẢ CÁC MẶT CÔNG TÁC"),
    ("h2", "1. Chỉ đạo, triển khai thực hiện"),
    ("h3", "a) Nổi bật trong kỳ báo cáo:"),
    ("p", "- {{ noi_bat['I.1.a'].so_khoa_hoc_cong_nghe[0] }}"),
    ("p", "- Ủy ban nhân dân (UBND) tỉnh đã ban hành {% for d in ds.ke_hoach_ubnd_trong_ky %}{{ d }}; {% endfor %}"
          "{{ ds.qd_ubnd_trong_ky.count }} {{ ds.qd_ubnd_trong_ky.ten }} về thành lập Ban Chỉ đạo và Tổ công tác "
          "chiến dịch, Đoàn kiểm tra...{{ chu_thich(ds.qd_ubnd_trong_ky) }} và {{ ds.van_ban_ubnd_trong_ky.count }} "
          "{{ ds.van_ban_ubnd_trong_ky.ten }} chỉ đạo, điều hành và báo cáo kết quả thực hiện"
          "{{ chu_thich(ds.van_ban_ubnd_trong_ky) }}."),
    ("p", "- {{ noi_bat['I.1.a'].cong_an_tinh[0] }}"),
    ("p", "- Triển khai thực hiện chiến dịch làm giàu, làm sạch cơ sở dữ liệu tỉnh {{ co_quan.dia_danh }} về đất đai: "
          "(1) Đã hoàn thành việc xây dựng và cập nhật Mã định danh thửa đất vào CSDL đất đai tỉnh và lập các bảng "
          "tham chiếu về đơn vị hành chính cấp xã, bảng tham chiếu về tờ bản đồ địa chính, tổ chức, sắp xếp CSDL đất "
          "đai từ mô hình chính quyền 03 cấp sang theo mô hình chính quyền địa phương 02 cấp đạt "
          "{{ so.dat_thua_dat_sap_xep }} thửa đất; (2) Về xác thực thông tin với CSDL quốc gia về dân cư: "
          "{{ so.dat_chu_su_dung_xac_thuc }}/{{ so.dat_chu_su_dung_tong }} thông tin của chủ sử dụng đất trong CSDL "
          "đất đai của tỉnh đã xác thực trùng khớp với CSDL quốc gia về dân cư (đạt tỷ lệ {{ tl.dat_xac_thuc }}), "
          "phát hiện sai lệch thông tin {{ so.dat_chu_su_dung_sai_lech }}/{{ so.dat_chu_su_dung_tong }} trường hợp "
          "(chiếm tỷ lệ {{ tl.dat_sai_lech }}); (3) thực hiện cập nhật, chỉnh lý CSDL đất đai "
          "{{ so.dat_cap_nhat_chinh_ly }} trường hợp; (4) Xây dựng dữ liệu đất ở, nhà ở đối với nơi chưa xây dựng "
          "CSDL: Đã thực hiện thu thập GCN, thẻ căn cước/CCCD tại kho lưu trữ các Chi nhánh Văn phòng Đăng ký đất "
          "đai: {{ so.dat_gcn_da_thu_thap }} trường hợp, đã cập nhật kết quả thu thập GCN, thẻ căn cước/CCCD vào CSDL "
          "đất đai: {{ so.dat_gcn_da_cap_nhat }} trường hợp, đã lập và gửi danh sách các GCN, thẻ căn cước/CCCD cần "
          "thu thập tại UBND cấp xã: {{ so.dat_gcn_can_thu_thap_cap_xa }} trường hợp."),
    ("p", "- Triển khai thực hiện cấp đổi Thẻ đảng viên gắn chip trên nền tảng CSDLQG về dân cư, định danh và xác "
          "thực điện tử, đã thu nhận và truyền lên Hệ thống {{ so.the_dang_vien_ho_so }} hồ sơ, được cấp "
          "{{ so.the_dang_vien_da_cap }} thẻ."),
    ("p", "- {{ noi_bat['I.1.a'].cong_an_tinh[1] }} Tính đến nay, tổng số chuyến có hành khách checkin qua VNeID: "
          "{{ so.chuyen_bay_checkin_vneid }}/{{ so.chuyen_bay_tong }}, tỷ lệ {{ tl.checkin_vneid }}."),
    ("tag", "{%p for h in noi_bat['I.1.a'].con_lai %}"),
    ("p", "- {{ h }}"),
    ("tag", "{%p endfor %}"),
    ("p", "b) Các sở, ban, ngành đã ban hành các văn bản triển khai, chỉ đạo nhằm cụ thể hóa nội dung, nhiệm vụ"
          "{% set dien_hinh %}{% for h in noi_bat['I.1.b'] %}{{ h.don_vi }}: {{ h.menh_de }}"
          "{% if not loop.last %}; {% endif %}{% endfor %}{% endset %}"
          "{{ chu_thich(dien_hinh, dam='Điển hình:') }}."),
    ("tag", "{%p if noi_bat['I.1.c'] %}"),
    ("p", "c) {% for h in noi_bat['I.1.c'] %}{{ h }}{% if not loop.last %} {% endif %}{% endfor %}"),
    ("tag", "{%p endif %}"),
]

SECTION_I_2_4 = [
    ("p", "**2. Tuyên truyền thực hiện Đề án:** {{ noi_bat['I.2'].so_van_hoa_the_thao_du_lich[0] }} "
          "**Nổi bật trong tháng:** {{ noi_bat['I.2'].trung_tam_phuc_vu_hcc_tinh[0].menh_de }}"
          "{% for d in ds.ke_hoach_tuyen_truyen_ca %}; {{ d.don_vi }} ban hành {{ d.doc_type }}"
          "{{ chu_thich(d.doc_type ~ ' số ' ~ d.number ~ ' ngày ' ~ d.date ~ '.') }} {{ d.subject }}{% endfor %}."),
    ("tag", "{%p for h in noi_bat['I.2'].con_lai %}"),
    ("p", "- {{ h }}"),
    ("tag", "{%p endfor %}"),
    ("p", "**3. Về hoàn thiện thể chế:** {% for h in noi_bat['I.3'] %}{{ h }}{% if not loop.last %} {% endif %}"
          "{% else %}{{ danh_dau('chưa có nội dung') }}{% endfor %}"),
    ("h2", "4. Về Dịch vụ công (DVC)"),
    ("h3", "a) Hạ tầng CNTT và nhân sự thực hiện DVC"),
    ("p", "- Đến nay, trên địa bàn tỉnh có {{ so.tthc_tong }} TTHC (__{{ so.tthc_cap_tinh }} TTHC cấp tỉnh và "
          "{{ so.tthc_cap_xa }} TTHC cấp xã__). Tổng số TTHC đã cung cấp dịch vụ công trực tuyến là: "
          "{{ so.tthc_co_dvctt }} thủ tục; trong đó, số TTHC đã cung cấp DVC trực tuyến toàn trình "
          "{{ so.tthc_dvctt_toan_trinh }} thủ tục (__cấp tỉnh: {{ so.tthc_dvctt_toan_trinh_cap_tinh }} thủ tục; "
          "cấp xã: {{ so.tthc_dvctt_toan_trinh_cap_xa }} thủ tục__); Số TTHC đã cung cấp DVC trực tuyến một phần: "
          "{{ so.tthc_dvctt_mot_phan }} thủ tục (__cấp tỉnh: {{ so.tthc_dvctt_mot_phan_cap_tinh }} thủ tục; cấp xã: "
          "{{ so.tthc_dvctt_mot_phan_cap_xa }} thủ tục__); Số TTHC chưa cung cấp DVC trực tuyến "
          "{{ so.tthc_chua_dvctt }} thủ tục (__cấp tỉnh: {{ so.tthc_chua_dvctt_cap_tinh }} thủ tục; cấp xã: "
          "{{ so.tthc_chua_dvctt_cap_xa }} thủ tục__)."),
    ("p", "- {{ so.dvctt_danh_muc }} các Sở, ban, ngành, địa phương có cung cấp DVCTT đã ban hành danh mục DVCTT toàn "
          "trình, DVCTT một phần. Hội đồng nhân dân ban hành {{ ds.nghi_quyet_hdnd_mien_phi_dvctt.ten }} quy định "
          "việc miễn thu phí, lệ phí đối với DVCTT khi tổ chức, cá nhân nộp hồ sơ thực hiện TTHC trên môi trường mạng"
          "{{ chu_thich(ds.nghi_quyet_hdnd_mien_phi_dvctt.liet_ke('va')) }}; "
          "{{ noi_bat['I.4.a'].so_khoa_hoc_cong_nghe[0].menh_de }}; ban hành Quy trình nội bộ giải quyết TTHC thuộc "
          "thẩm quyền giải quyết{{ chu_thich(ds.qd_quy_trinh_noi_bo.liet_ke('cham_phay')) }}."),
    ("tag", "{%p set he_thong_tthc %}"),
    ("p", "(1) Đã cập nhật {{ so.he_thong_tthc_tai_khoan }} tài khoản của tỉnh {{ co_quan.dia_danh }} (mới); (2) Thực "
          "hiện duy trì kết nối, tích hợp ổn định giữa Hệ thống thông tin giải quyết TTHC của tỉnh với "
          "{{ so.he_thong_tthc_ket_noi }} hệ thống thông tin của Chính phủ và các bộ, ngành Trung ương (trong đó có "
          "CSDLQG về dân cư)."),
    ("p", "Tính đến nay, tổng số lượt khai thác CSDLQG về dân cư phục vụ tiếp nhận và giải quyết TTHC là "
          "{{ so.khai_thac_dan_cu_luy_ke }} lượt, trong đó: Xác minh CCCD/CMND "
          "{{ so.khai_thac_dan_cu_xac_minh_cccd_luy_ke }} lượt; xác minh thông tin chủ hộ "
          "{{ so.khai_thac_dan_cu_xac_minh_chu_ho_luy_ke }} lượt; lấy thông tin công dân "
          "{{ so.khai_thac_dan_cu_lay_thong_tin_luy_ke }} lượt. Trong {{ ky.thang }}: Tổng số lượt khai thác CSDLQG "
          "về Dân cư phục vụ tiếp nhận và giải quyết TTHC là {{ so.khai_thac_dan_cu_trong_ky }} lượt, trong đó: Xác "
          "minh CCCD/CMND {{ so.khai_thac_dan_cu_xac_minh_cccd_trong_ky }} lượt; xác minh thông tin chủ hộ "
          "{{ so.khai_thac_dan_cu_xac_minh_chu_ho_trong_ky }} lượt; lấy thông tin công dân "
          "{{ so.khai_thac_dan_cu_lay_thong_tin_trong_ky }} lượt."),
    ("tag", "{%p endset %}"),
    ("p", "- Tiếp tục duy trì hoạt động ổn định đối với Hệ thống thông tin giải quyết TTHC tỉnh đảm bảo theo quy định"
          "{{ chu_thich(he_thong_tthc) }}; {{ so.thon_cap_quang }} các thôn (trừ thôn đảo) được phủ sóng hạ tầng "
          "truyền dẫn cáp quang, {{ so.thon_4g }} thôn phủ sóng thông tin di động mạng băng rộng 4G; tỷ lệ dân số "
          "được phủ sóng mạng di động 4G là {{ so.dan_so_4g }}; tỷ lệ dân số được phủ sóng mạng di động 5G là "
          "{{ so.dan_so_5g }}; {{ so.thue_bao_cap_quang }} thuê bao Internet hộ gia đình được lắp đặt đường truyền "
          "cáp quang; {{ noi_bat['I.4.a'].so_khoa_hoc_cong_nghe[1] }}"),
    ("tag", "{%p for h in noi_bat['I.4.a'].con_lai %}"),
    ("p", "- {{ h }}"),
    ("tag", "{%p endfor %}"),
    ("p", "b) Triển khai, cung cấp, tích hợp các TTHC trực tuyến thiết yếu: Tiếp tục cung cấp "
          "{{ so.dvc_thiet_yeu_da06_da_cung_cap }}/{{ so.dvc_thiet_yeu_da06_tong }} dịch vụ công thiết yếu Đề án 06, "
          "Công an tỉnh cung cấp {{ so.dvctt_thiet_yeu_bca_da_cung_cap }}/{{ so.dvctt_thiet_yeu_bca_tong }} DVCTT "
          "thiết yếu trên Cổng dịch vụ công Bộ Công an tích hợp với Cổng dịch vụ công quốc gia"
          "{% for h in noi_bat['I.4.b'] %}; {{ h.menh_de }}{% endfor %}."),
    ("h3", "c) Triển khai thực hiện Số hóa và tái sử dụng kết quả số hóa hồ sơ, kết quả giải quyết thủ tục hành "
           "chính (TTHC)"),
    ("p", "- {{ noi_bat['I.4.c'].trung_tam_phuc_vu_hcc_tinh[0] }} Kết quả giải quyết TTHC đã được đồng bộ từ Hệ thống "
          "thông tin giải quyết TTHC tỉnh với Kho quản lý dữ liệu điện tử của tổ chức, cá nhân trên Cổng Dịch vụ công "
          "quốc gia: đến nay, có {{ so.ho_so_so_hoa_luy_ke }} hồ sơ, kết quả giải quyết TTHC đã được số hóa, trong "
          "đó {{ ky.thang }} là {{ so.ho_so_so_hoa_trong_ky }} hồ sơ."),
    ("p", "- Triển khai rà soát thống kê các TTHC thuộc phạm vi quản lý có yêu cầu nộp/xuất trình giấy tờ hộ tịch "
          "trong quá trình giải quyết TTHC{{ chu_thich('Cụ thể: ' ~ so.tthc_giay_to_ho_tich ~ ' TTHC thuộc phạm vi "
          "quản lý có yêu cầu nộp/xuất trình giấy tờ hộ tịch trong quá trình giải quyết TTHC gồm: ' ~ "
          "so.tthc_giay_to_ho_tich.theo_don_vi|join(', ') ~ '.') }}."),
    ("tag", "{%p for h in noi_bat['I.4.c'].con_lai %}"),
    ("p", "- {{ h }}"),
    ("tag", "{%p endfor %}"),
]

SECTION_I_5_8 = [
    ("h2", "5. Nhóm tiện ích phát triển kinh tế, xã hội"),
    ("p", "a) Kết quả ứng dụng CSDLQG về dân cư, CCCD, định danh và xác thực điện tử phục vụ phát triển kinh tế, xã "
          "hội: Báo cáo Tổ công tác Đề án 06 Chính phủ: Dừng {{ ds.mo_hinh_dung.count }} mô hình không hiệu quả"
          "{{ chu_thich(ds.mo_hinh_dung) }}; tạm dừng {{ ds.mo_hinh_tam_dung.count }} mô hình chờ giải pháp hoặc "
          "hướng dẫn{{ chu_thich(ds.mo_hinh_tam_dung) }}; **{{ ds.mo_hinh_thi_diem.count + ds.mo_hinh_dong_loat.count "
          "+ ds.mo_hinh_tuyen_truyen.count + ds.mo_hinh_ha_tang_du_lieu.count }} mô hình tiếp tục thực hiện gồm**: "
          "{{ ds.mo_hinh_thi_diem.count }} mô hình đang triển khai thí điểm{{ chu_thich(ds.mo_hinh_thi_diem) }}; "
          "{{ ds.mo_hinh_dong_loat.count }} mô hình đã triển khai đồng loạt{{ chu_thich(ds.mo_hinh_dong_loat) }}; "
          "{{ ds.mo_hinh_tuyen_truyen.count }} mô hình về công tác tuyên truyền"
          "{{ chu_thich(ds.mo_hinh_tuyen_truyen) }} và {{ ds.mo_hinh_ha_tang_du_lieu.count }} mô hình triển khai, "
          "thực hiện nâng cấp hạ tầng, hệ thống CNTT, "
          "xây dựng dữ liệu{{ chu_thich(ds.mo_hinh_ha_tang_du_lieu) }}."),
    ("p", "b) Triển khai các giải pháp thanh toán không dùng tiền mặt: Lĩnh vực giáo dục đạt {{ so.ttkdtm_giao_duc }} "
          "({{ so.ttkdtm_giao_duc_co_so }} cơ sở); Lĩnh vực y tế đạt {{ so.ttkdtm_y_te }} (gồm tuyến tỉnh: "
          "{{ so.ttkdtm_y_te_tuyen_tinh }}, tuyến huyện và các trạm y tế: {{ so.ttkdtm_y_te_tuyen_huyen_tram }}). "
          "Tính đến {{ ky.dau_thang }}, chi trả lương hưu, trợ cấp BHXH hằng tháng, trợ cấp BHXH một lần, trợ cấp "
          "thất nghiệp không dùng tiền mặt qua hệ thống ngân hàng, cụ thể: {{ so.luong_huu_ktm }}/"
          "{{ so.luong_huu_tong }} trường hợp nhận lương hưu, trợ cấp BHXH (đạt tỷ lệ {{ tl.luong_huu_ktm_ty_le }}); "
          "{{ so.tro_cap_mot_lan_ktm }}/{{ so.tro_cap_mot_lan_tong }} trường hợp người nhận trợ cấp 1 lần (đạt tỷ lệ "
          "{{ tl.tro_cap_mot_lan_ktm_ty_le }}); {{ so.bhtn_ktm }}/{{ so.bhtn_tong }} trường hợp nhận Bảo hiểm thất "
          "nghiệp (đạt tỷ lệ {{ tl.bhtn_ktm_ty_le }}){% for h in noi_bat['I.5.b'] %}{{ chu_thich(h.noi_dung) }}"
          "{% endfor %}."),
    ("p", "c) Công tác triển khai thực hiện {{ ds.nhiem_vu_trong_tam.count }} nhiệm vụ trọng tâm Đề án 06 trên địa "
          "bàn tỉnh: {{ so.nhiem_vu_trong_tam_dat }}/{{ so.nhiem_vu_trong_tam_tong }} nhiệm vụ đạt được kết quả tốt, "
          "cụ thể:"),
    ("p", "**(1) {{ ds.nhiem_vu_trong_tam[0] }}:** tích hợp SSKĐT trên VNeID toàn tỉnh đạt {{ tl.sskdt }} tổng số "
          "dân thường trú ({{ so.sskdt_tich_hop }}/{{ so.dan_so_thuong_tru }}), "
          "{{ noi_bat['I.5.c'].so_y_te[0] }}"),
    ("p", "**(2) {{ ds.nhiem_vu_trong_tam[1] }}:** Đã triển khai {{ so.kiosk_so_luong }} kiosk tại "
          "{{ ds.benh_vien_kiosk.count }} {{ ds.benh_vien_kiosk.ten }}"
          "{{ chu_thich(ds.benh_vien_kiosk.liet_ke('cham_phay')) }}; tổng số bệnh nhân được tiếp đón qua kiosk đạt "
          "{{ so.kiosk_benh_nhan_tiep_don }}; {{ so.kiosk_thanh_toan_ktm }} lượt bệnh nhân đã thanh toán viện phí "
          "không dùng tiền mặt."),
    ("p", "**(3) {{ ds.nhiem_vu_trong_tam[2] }}:** trong {{ ky.thang }}, đã tiếp nhận hồ sơ qua VNeID đạt "
          "{{ tl.lltp_vneid }} ({{ so.lltp_ho_so_vneid }}/{{ so.lltp_ho_so_tong }})."),
    ("p", "**(4) {{ ds.nhiem_vu_trong_tam[3] }}:** Tính đến {{ ky.dau_thang }} đã thực hiện chi trả không dùng tiền "
          "mặt {{ so.chi_tra_bhxh_ktm }}/{{ so.chi_tra_bhxh_tong }} trường hợp, đạt tỷ lệ "
          "{{ tl.chi_tra_bhxh_ktm_ty_le }}."),
    ("p", "**(5) {{ ds.nhiem_vu_trong_tam[4] }}:** Đã có {{ so.hddt_mtt_dang_ky }} cơ sở kinh doanh đã thực hiện đăng "
          "ký hóa đơn điện tử khởi tạo từ máy tính tiền; Trong đó, có {{ so.hddt_mtt_su_dung }} cơ sở kinh doanh đã "
          "thực hiện sử dụng hóa đơn điện tử khởi tạo từ máy tính tiền với số lượng hóa đơn đã lập là "
          "{{ so.hddt_mtt_so_hoa_don }} hóa đơn; Hoàn thành rà soát và chuẩn hóa thông tin {{ so.mst_hkd_chuan_hoa }} "
          "mã số thuế Hộ kinh doanh/Cá nhân kinh doanh và duy trì thực hiện thường xuyên."),
    ("p", "**(6) {{ ds.nhiem_vu_trong_tam[5] }}:** Đào tạo {{ so.moocs_hoc_vien_dao_tao }}/"
          "{{ so.moocs_hoc_vien_dang_ky }} học viên đăng ký tham gia (đạt {{ tl.moocs }})."),
    ("p", "**(7) {{ ds.nhiem_vu_trong_tam[6] }}:** {{ noi_bat['I.5.c'].so_giao_duc_dao_tao[0] }}"),
    ("p", "**(8) {{ ds.nhiem_vu_trong_tam[7] }}:** tính đến {{ ky.thang }}, chi trả an sinh xã hội đối với đối tượng "
          "bảo trợ xã hội đạt {{ tl.an_sinh_btxh_ktm_ty_le }} ({{ so.an_sinh_btxh_ktm }}/{{ so.an_sinh_btxh_tong }})."),
    ("p", "**(9) {{ ds.nhiem_vu_trong_tam[8] }}:** {{ noi_bat['I.5.c'].so_khoa_hoc_cong_nghe[0].menh_de }}."),
    ("p", "**(10) {{ ds.nhiem_vu_trong_tam[9] }}:** đã triển khai thu phí không dùng tiền mặt thông qua quét mã QR "
          "thanh toán tại {{ ds.bai_do_xe_thu_phi_ktm.count }} {{ ds.bai_do_xe_thu_phi_ktm.ten }} tạm trên địa bàn "
          "phường Nha Trang{{ chu_thich(ds.bai_do_xe_thu_phi_ktm) }} từ tháng 10/2025, với {{ so.do_xe_luot }} lượt "
          "đỗ, doanh thu {{ so.do_xe_doanh_thu }} đồng."),
    ("tag", "{%p for h in noi_bat['I.5.c'].con_lai %}"),
    ("p", "- {{ h }}"),
    ("tag", "{%p endfor %}"),
    ("h2", "6. Nhóm phục vụ phát triển công dân số"),
    ("p", "a) Triển khai bố trí {{ ds.diem_thu_nhan_can_cuoc.count }} {{ ds.diem_thu_nhan_can_cuoc.ten }} thu nhận hồ "
          "sơ cấp căn cước{{ chu_thich('Cụ thể: ' ~ ds.diem_thu_nhan_can_cuoc.liet_ke('phay')) }}. Công tác cấp căn "
          "cước, định danh điện tử cho công dân Việt Nam: Tính đến ngày {{ ky.den_ngay }}, toàn tỉnh đã thu nhận "
          "{{ so.can_cuoc_thu_nhan }} hồ sơ cấp căn cước cho công dân trên địa bàn (cấp mới: "
          "{{ so.can_cuoc_cap_moi }}; "
          "cấp đổi: {{ so.can_cuoc_cap_doi }}; cấp lại: {{ so.can_cuoc_cap_lai }}); Thu nhận tài khoản định danh "
          "điện tử mức 2 đạt {{ tl.ddt_muc2 }} công dân trên 14 tuổi ({{ so.ddt_muc2_tai_khoan }}/"
          "{{ so.cong_dan_tren_14_tuoi }})."),
    ("p", "b) Triển khai trang bị máy đọc thẻ CCCD/Căn cước để tiếp đón người dân thay cho thẻ BHYT: Tính đến nay đã "
          "có {{ so.co_so_y_te_may_doc_the }}/{{ so.co_so_y_te_dieu_tri }} cơ sở y tế điều trị tại 03 tuyến (tỉnh, "
          "khu vực, xã) đều trang bị máy đọc thẻ CCCD/Căn cước (đạt {{ tl.may_doc_the }}) với "
          "{{ so.kcb_luot_tra_cuu_the }}/{{ so.kcb_luot_tong }} lượt tra cứu khám chữa bệnh."),
    ("p", "c) Triển khai bệnh án điện tử: Tính đến nay, toàn tỉnh đã có {{ so.benh_an_dt_benh_vien }} bệnh viện, "
          "trong đó gồm {{ so.benh_an_dt_tuyen_tinh }} bệnh viện tuyến tỉnh (đạt {{ so.benh_an_dt_tuyen_tinh_ty_le }} "
          "theo yêu cầu của Thông tư 13/2025/TT-BYT) và {{ so.benh_an_dt_ttyt_khu_vuc }} TTYT Khu vực đã công bố áp "
          "dụng bệnh án điện tử."),
    ("h2", "7. Thu thập, rà soát, xác minh làm sạch dữ liệu CSDLQG, cơ sở dữ liệu (CSDL) chuyên ngành"),
    ("tag", "{%p set chi_tieu_lam_sach %}"),
    ("p", "Dữ liệu đất đai: {{ tl.dat_xac_thuc }} thông tin chủ sở hữu/chủ sử dụng đất trong CSDL đất đai tỉnh xác "
          "thực, trùng khớp thông tin với CSDLQG về dân cư ({{ so.dat_chu_su_dung_xac_thuc }}/"
          "{{ so.dat_chu_su_dung_tong }}); dữ liệu người lao động ({{ so.du_lieu_nguoi_lao_dong }}); dữ liệu ngành "
          "Tư pháp ({{ so.du_lieu_tu_phap }}); dữ liệu tiêm chủng Covid-19 ({{ so.tiem_chung_covid_lam_sach }}/"
          "{{ so.tiem_chung_covid_tong }}, đạt {{ tl.tiem_chung_covid }}, đã tạm dừng cập nhật dữ liệu tiêm chủng và "
          "hộ chiếu vaccin từ 01/01/2024); ký xác nhận hộ chiếu vắc xin đạt ({{ so.ho_chieu_vaccine_ky_xac_nhan }}/"
          "{{ so.ho_chieu_vaccine_mui_tiem }} mũi tiêm, đạt {{ tl.ho_chieu_vaccine }}); dữ liệu về tàu cá: "
          "{{ tl.tau_ca_xac_thuc_ty_le }} thông tin chủ sở hữu/chủ sử dụng tàu cá trên hệ thống Vnfishbase xác thực, "
          "trùng khớp thông tin với CSDLQG về dân cư ({{ so.tau_ca_xac_thuc }}/{{ so.tau_ca_chu_so_huu_tong }})."),
    ("tag", "{%p endset %}"),
    ("p", "a) Đang triển khai thực hiện các chỉ tiêu làm sạch dữ liệu được giao{{ chu_thich(chi_tieu_lam_sach) }}."),
    ("p", "b) Đối tượng trẻ em: Cập nhật thông tin và có mã định danh đạt {{ tl.tre_em_ma_dinh_danh }} "
          "({{ so.tre_em_co_ma_dinh_danh }}/{{ so.tre_em_tong }}); đối tượng bảo trợ xã hội: làm sạch dữ liệu đạt "
          "{{ tl.btxh_lam_sach_ty_le }} ({{ so.btxh_lam_sach }}/{{ so.btxh_tong }}); đối tượng Người có công: cập "
          "nhật đạt {{ tl.nguoi_co_cong_cap_nhat_ty_le }} ({{ so.nguoi_co_cong_cap_nhat }}/"
          "{{ so.nguoi_co_cong_tong }}); "
          "xác thực dữ liệu người đang tham gia BHXH, BHYT, BHTN đạt {{ tl.bhxh_xac_thuc_ty_le }} "
          "({{ so.bhxh_xac_thuc }}/{{ so.bhxh_nguoi_tham_gia }}); CSDLQG về cán bộ, công chức, viên chức: đồng bộ dữ "
          "liệu đạt {{ tl.cbccvc_dong_bo_ty_le }} ({{ so.cbccvc_dong_bo }}/{{ so.cbccvc_tong }})."),
    ("p", "c) Nhập thông tin hội viên của các hội, đoàn thể trên nền tảng Hệ thống CSDLQG về dân cư: (1) Hội Nông dân: "
          "{{ so.hoi_vien_hoi_nong_dan }}; (2) Hội Người cao tuổi: {{ so.hoi_vien_hoi_nguoi_cao_tuoi }}; (3) Hội Cựu "
          "chiến binh: {{ so.hoi_vien_hoi_cuu_chien_binh }}; (4) Hội Chữ thập đỏ: {{ so.hoi_vien_hoi_chu_thap_do }}; "
          "(5) Thông tin người lao động: {{ so.nhap_thong_tin_nguoi_lao_dong }}; (6) Thông tin Bảo trợ xã hội: "
          "{{ so.nhap_thong_tin_bao_tro_xa_hoi }}; (7) Thông tin hộ nghèo, hộ cận nghèo: "
          "{{ so.nhap_thong_tin_ho_ngheo }}; (8) Thông tin người có công: {{ so.nhap_thong_tin_nguoi_co_cong }}; (9) "
          "Thông tin người hưởng lương hưu: {{ so.nhap_thong_tin_luong_huu }}."),
    ("p", "**8. Triển khai định danh điện tử cho cơ quan, tổ chức:** Tính đến nay đã hướng dẫn, vận động đăng ký tài "
          "khoản định danh điện tử cho {{ so.to_chuc_co_tai_khoan_ddt }}/{{ so.to_chuc_tong }} cơ quan, tổ chức trên "
          "địa bàn, đạt tỷ lệ {{ tl.ddt_to_chuc }}."),
]


def item(h: str) -> str:
    """A section III item: its text and footnote, then the computed lateness of its task in bold, as the seed
    writes it: ``…có đảo²² (**chậm tiến độ 01 tháng** so với yêu cầu hoàn thành tháng 9/2025).``"""
    return (f"{{{{ {h}.chinh }}}}{{% if {h}.cham_tien_do %}} (**{{{{ {h}.cham_tien_do.muc }}}}** so với yêu cầu "
            f"hoàn thành {{{{ {h}.cham_tien_do.han }}}}){{% endif %}}{{{{ {h}.ket }}}}")


def task_group(heading: str, selector: str) -> list[tuple[str, str]]:
    """One unit's tasks in section III: ``n. Heading: text`` for one item, else lettered a) b) c)."""
    inline = heading if heading.endswith(":") else heading + ":"
    return [
        ("tag", f"{{%p set g = noi_bat['III'].{selector} %}}"),
        ("tag", "{%p if g|length == 1 %}"),
        ("p", f"**{{{{ n.tiep() }}}}. {inline}** " + item("g[0]")),
        ("tag", "{%p elif g %}"),
        ("h2", f"{{{{ n.tiep() }}}}. {heading}"),
        ("tag", "{%p for h in g %}"),
        ("p", "{{ chu_cai(loop.index0) }}) " + item("h")),
        ("tag", "{%p endfor %}"),
        ("tag", "{%p elif g.chua_bao_cao %}"),
        ("p", f"**{{{{ n.tiep() }}}}. {inline}** {{{{ g.chua_bao_cao }}}}"),
        ("tag", "{%p endif %}"),
    ]


SECTION_II_III = [
    ("h1", "II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT"),
    ("tag", "{%p for h in noi_bat['II'] %}"),
    ("p", "{{ h }}"),
    ("tag", "{%p else %}"),
    ("p", "{{ danh_dau('chưa có nội dung') }}"),
    ("tag", "{%p endfor %}"),
    ("h1", "III. NHIỆM VỤ TRỌNG TÂM TRONG THỜI GIAN TỚI"),
    ("tag", "{%p if nhiem_vu.phu_luc %}"),
    ("p", "Tình hình thực hiện từng nhiệm vụ theo {{ nhiem_vu.ke_hoach }} được tổng hợp tại Phụ lục kèm theo "
          "Báo cáo này."),
    ("tag", "{%p endif %}"),
    ("tag", "{%p set n = bo_dem() %}"),
    *task_group("Các sở, ban, ngành và UBND các địa phương", "cong_an_tinh[0:7]"),
    *task_group("Văn phòng Ủy ban nhân dân tỉnh chủ trì, phối hợp các cơ quan, đơn vị, địa phương thực hiện:",
                "van_phong_ubnd_tinh"),
    *task_group("Sở Nông nghiệp và Môi trường", "so_nong_nghiep_moi_truong"),
    *task_group("Sở Khoa học và Công nghệ", "so_khoa_hoc_cong_nghe"),
    *task_group("Sở Y tế", "so_y_te"),
    *task_group("Công an tỉnh", "cong_an_tinh[7:]"),
    *task_group("Thuế tỉnh", "thue_tinh"),
    *task_group("Sở Xây dựng", "so_xay_dung"),
    *task_group("Sở Văn hóa, Thể thao và Du lịch hướng dẫn, chỉ đạo UBND các xã, phường, các cơ quan thông tấn, báo "
                "chí trên địa bàn tỉnh đẩy mạnh tuyên truyền:", "so_van_hoa_the_thao_du_lich"),
    *task_group("Sở Giáo dục và Đào tạo", "so_giao_duc_dao_tao"),
    ("tag", "{%p for nhom in noi_bat['III'].don_vi_con_lai %}"),
    ("h2", "{{ n.tiep() }}. {{ nhom.don_vi }}"),
    ("tag", "{%p for h in nhom.noi_bat %}"),
    ("p", "{{ chu_cai(loop.index0) }}) " + item("h")),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p endfor %}"),
    ("keep", "Trên đây là báo cáo kết quả triển khai, thực hiện Đề án “{{ bao_cao.de_an }}” {{ ky.thang }}, "
          "{{ co_quan.ten_day_du }} báo cáo {{ bao_cao.kinh_gui }}./."),
]

OPENING = [
    ("p", "Thực hiện Đề án “{{ bao_cao.de_an }}”; {{ co_quan.ten_day_du }} kính báo cáo {{ bao_cao.kinh_gui }} kết "
          "quả triển khai, thực hiện Đề án “{{ bao_cao.de_an }}” {{ ky.thang }}, như sau:"),
]

_INLINE = re.compile(r"(\*\*.+?\*\*|__.+?__)")


def _runs(p: etree._Element, text: str, bold: bool = False, italic: bool = False, size: int | None = None) -> None:
    """Append runs for ``text``; ``**…**`` is bold and ``__…__`` italic inside it."""
    for piece in _INLINE.split(text):
        if not piece:
            continue
        b, i = bold, italic
        if piece.startswith("**"):
            piece, b = piece[2:-2], True
        elif piece.startswith("__"):
            piece, i = piece[2:-2], True
        r = OxmlElement("w:r")
        if b or i or size:
            rpr = r.get_or_add_rPr()
            if b:
                rpr.get_or_add_b()
            if i:
                rpr.get_or_add_i()
            if size:
                rpr.get_or_add_sz().set(qn("w:val"), str(size * 2))
                cs = OxmlElement("w:szCs")
                cs.set(qn("w:val"), str(size * 2))
                rpr.insert_element_before(cs, "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
                                          "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout")
        t = OxmlElement("w:t")
        t.text = piece
        t.set(qn("xml:space"), "preserve")
        r.append(t)
        p.append(r)


def _paragraph(container: etree._Element, style: str, text: str = "", *, bold: bool = False, italic: bool = False,
               size: int | None = None, before: int | None = None, align: str | None = None) -> etree._Element:
    p = OxmlElement("w:p")
    ppr = p.get_or_add_pPr()
    ppr.get_or_add_pStyle().set(qn("w:val"), style)
    if before is not None:
        ppr.get_or_add_spacing().set(qn("w:before"), str(before))
    if align:
        ppr.get_or_add_jc().set(qn("w:val"), align)
    if text:
        _runs(p, text, bold, italic, size)
    sect = container.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(p)
    else:
        container.append(p)
    return p


def _body(body: etree._Element, entries: list[tuple[str, str]]) -> None:
    styles = {"h1": "Heading1", "h2": "Heading2", "h3": "Heading3", "p": "Normal", "tag": "Normal", "keep": "Normal"}
    for kind, text in entries:
        p = _paragraph(body, styles[kind], text)
        if kind == "keep":
            p.pPr.keepNext_val = True


def _borderless_table(doc: DocumentObject, widths: tuple[int, ...], rows: int) -> etree._Element:
    """A fixed-layout table without borders, as ND30 header and closing blocks are laid out."""
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr></w:tc>' for w in widths)
    borders = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    xml = (f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
           f'<w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
           f'w:noHBand="0" w:noVBand="0"/></w:tblPr><w:tblGrid>{cols}</w:tblGrid>'
           + f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>" * rows + "</w:tbl>")
    table = parse_xml(xml)
    body = doc.element.body
    body.find(qn("w:sectPr")).addprevious(table)
    return table


def _cell(table: etree._Element, row: int, col: int) -> etree._Element:
    return table.findall(qn("w:tr"))[row].findall(qn("w:tc"))[col]


def _header_block(doc: DocumentObject) -> None:
    table = _borderless_table(doc, HEADER_COLUMNS, 2)
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    _paragraph(left, "KhoiTieuDe", "{{ co_quan.chu_quan }}", size=13)
    _paragraph(left, "KhoiTieuDe", "{{ co_quan.ban_hanh }}", bold=True, size=13)
    _paragraph(left, "KeNgangNgan")
    _paragraph(right, "KhoiTieuDe", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    _paragraph(right, "KhoiTieuDe", "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    _paragraph(right, "KeNgangDai")
    _paragraph(_cell(table, 1, 0), "KhoiTieuDe", "Số: {{ bao_cao.so_ky_hieu }}", size=13, before=160)
    _paragraph(_cell(table, 1, 1), "KhoiTieuDe", "{{ bao_cao.dia_danh_ngay }}", italic=True, size=14, before=160)
    body = doc.element.body
    _paragraph(body, "KhoiTieuDe", "BÁO CÁO", bold=True, size=14, before=480)
    _paragraph(body, "KhoiTieuDe", "{{ bao_cao.trich_yeu }} {{ ky.thang }}", bold=True, size=14)
    _paragraph(body, "KhoiTieuDe", "(Từ ngày {{ ky.tu_ngay }} đến ngày {{ ky.den_ngay }})", bold=True, size=14)
    _paragraph(body, "KeNgangNgan")


def _closing_block(doc: DocumentObject) -> None:
    table = _borderless_table(doc, CLOSING_COLUMNS, 1)
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    _paragraph(left, "NoiNhan", "Nơi nhận:", bold=True, italic=True, size=12, before=240)
    _paragraph(left, "NoiNhan", "{%p for nhan in bao_cao.noi_nhan %}")
    _paragraph(left, "NoiNhan", "- {{ nhan.ten }}{% if nhan.ghi_chu %} (__{{ nhan.ghi_chu }}__){% endif %};",
               size=11)
    _paragraph(left, "NoiNhan", "{%p endfor %}")
    _paragraph(left, "NoiNhan", "- Lưu: {{ bao_cao.luu }}.", size=11)
    _paragraph(right, "KhoiTieuDe", "{{ bao_cao.quyen_han }}", bold=True, size=14, before=240)
    _paragraph(right, "KhoiTieuDe", "{{ bao_cao.chuc_vu }}", bold=True, size=14)
    _paragraph(right, "KhoiTieuDe", "{{ bao_cao.nguoi_ky }}", bold=True, size=14, before=1700)


APPENDIX_COLUMNS = (  # landscape A4: 297 − 30 − 15 mm = 14287 twips of text width
    ("STT", 850), ("Nhiệm vụ", 5100), ("Đơn vị chủ trì", 2200), ("Thời gian hoàn thành", 2300),
    ("Tình trạng", 1700), ("Ghi chú", 2137))
APPENDIX_CELLS = (
    "{% if r.nhom %}**{{ r.so }}**{% else %}{{ r.so }}{% endif %}",
    "{% if r.nhom %}**{{ r.noi_dung }}**{% else %}{{ r.noi_dung }}{% endif %}",
    "{{ r.chu_tri }}", "{{ r.thoi_han }}", "{{ r.tinh_trang }}", "{{ r.ghi_chu }}")


def _appendix(doc: DocumentObject) -> None:
    """The appendix of every task, in its own landscape section whose page numbers restart at 1 (ND30:
    each phụ lục is numbered separately). Its header is inherited: no number on its first page, like the body."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.different_first_page_header_footer = True
    sect = section._sectPr
    restart = OxmlElement("w:pgNumType")
    restart.set(qn("w:start"), "1")
    later = [c for c in sect if c.tag in {qn(t) for t in ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                                                           "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
                                                           "w:docGrid", "w:printerSettings")}]
    if later:
        later[0].addprevious(restart)
    else:
        sect.append(restart)
    body = doc.element.body
    _paragraph(body, "KhoiTieuDe", "Phụ lục", bold=True, size=14)
    _paragraph(body, "KhoiTieuDe", "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO {{ nhiem_vu.ke_hoach|upper }}", bold=True,
               size=14, before=120)
    note = _paragraph(body, "KhoiTieuDe", "(Kèm theo Báo cáo số {{ bao_cao.so_ky_hieu }} {{ bao_cao.ngay }} của "
                      "{{ co_quan.ten_day_du }})", italic=True, size=14)
    note.pPr.get_or_add_spacing().set(qn("w:after"), "240")
    widths = tuple(w for _, w in APPENDIX_COLUMNS)
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    table = parse_xml(f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
                      f'<w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
                      f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
                      f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{cols}</w:tblGrid></w:tbl>')
    rows = [("BangTieuDe", [name for name, _ in APPENDIX_COLUMNS], True),
            ("BangNoiDung", ["{%tr for r in nhiem_vu.phu_luc %}"] + [""] * 5, False),
            ("BangNoiDung", list(APPENDIX_CELLS), False),
            ("BangNoiDung", ["{%tr endfor %}"] + [""] * 5, False)]
    for style, texts, header in rows:
        tr = OxmlElement("w:tr")
        tr_pr = OxmlElement("w:trPr")
        tr_pr.append(OxmlElement("w:cantSplit"))
        if header:
            tr_pr.append(OxmlElement("w:tblHeader"))
        tr.append(tr_pr)
        for col, (text, width) in enumerate(zip(texts, widths)):
            tc = parse_xml(f'<w:tc xmlns:w="{W_NS}"><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr></w:tc>')
            align = "center" if header or col == 0 else ("both" if col == 1 else None)
            _paragraph(tc, style, text, align=align)
            tr.append(tc)
        table.append(tr)
    body.find(qn("w:sectPr")).addprevious(table)


def _page_numbers(doc: DocumentObject) -> None:
    """Page number centred in the top margin from page 2 (ND30): different first page, PAGE field."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]._p
    p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), "Header")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        r = OxmlElement("w:r")
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            r.append(t)
        p.append(r)
    first = section.first_page_header.paragraphs[0]._p
    first.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), "Header")


def _page_setup(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)


def _clean_package(doc: DocumentObject) -> None:
    """Drop python-docx's sample parts (thumbnail, customXml, stylesWithEffects) and fix its settings."""
    drop = ("customXml", "stylesWithEffects", "numbering")
    for rid, rel in list(doc.part.rels.items()):
        if any(rel.reltype.endswith(name) for name in drop):
            doc.part.drop_rel(rid)
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package_rels[rid]
    settings = doc.settings.element
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None:
        settings.remove(zoom)
    for name in ("w:rsids", "w:attachedTemplate"):
        for el in settings.findall(qn(name)):
            settings.remove(el)


def _properties(doc: DocumentObject) -> None:
    core = doc.core_properties
    core.title = "Mẫu báo cáo tháng Đề án 06"
    core.author = "Công cụ lập báo cáo Đề án 06"
    core.last_modified_by = core.author
    core.comments = ""
    core.subject = "Mẫu báo cáo theo Nghị định 30/2020/NĐ-CP"
    core.keywords = "Đề án 06; mẫu báo cáo"
    core.language = "vi-VN"
    core.revision = 1


def build(out: Path = OUT) -> Path:
    doc = Document()
    styles = doc.styles.element
    for child in list(styles):
        styles.remove(child)
    for child in parse_xml(STYLES):
        styles.append(child)
    _clean_package(doc)
    _page_setup(doc)
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    _header_block(doc)
    _body(body, OPENING + SECTION_I_1 + SECTION_I_2_4 + SECTION_I_5_8 + SECTION_II_III)
    _closing_block(doc)
    _page_numbers(doc)
    _appendix(doc)
    Notes().apply(doc)
    fit_rules(doc)
    _properties(doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
