"""Settings from ``config.toml``: everything that differs between provinces or months."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .periods import PeriodRule
from .intake.read import Limits


class ConfigError(Exception):
    """config.toml is missing or wrong (exit status 3)."""


@dataclass(frozen=True)
class Issuer:
    parent: str
    name: str
    full_name: str
    abbreviation: str
    place: str


@dataclass(frozen=True)
class Settings:
    root: Path
    issuer: Issuer
    rule: PeriodRule
    form_version: str
    accepted_versions: tuple[str, ...]
    inputs: Path
    outputs: Path
    catalog: Path
    templates: Path
    limits: Limits
    history_db: Path
    jump_factor: float
    raw: dict


def load_settings(root: Path, path: Path | None = None) -> Settings:
    path = path or root / "config.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"Không tìm thấy tệp cấu hình {path}.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Tệp cấu hình {path.name} sai cú pháp: {exc}.") from exc
    try:
        org, period, form, dirs = data["co_quan"], data["ky_bao_cao"], data["mau_bieu"], data["thu_muc"]
        issuer = Issuer(org["chu_quan"], org["ban_hanh"], org["ten_day_du"], org["ky_hieu"], org["dia_danh"])
        rule = PeriodRule(int(period["bat_dau"]), int(period["ket_thuc"]))
        if not (1 <= rule.start_day <= 31 and 1 <= rule.end_day <= 31):
            raise ConfigError(f"{path.name}: ngày bắt đầu/kết thúc kỳ báo cáo phải từ 1 đến 31.")
        limits = data.get("gioi_han", {})
        history = data.get("lich_su", {})
        return Settings(
            root=root, issuer=issuer, rule=rule, form_version=str(form["phien_ban"]),
            accepted_versions=tuple(str(v) for v in form.get("chap_nhan", [form["phien_ban"]])),
            inputs=root / dirs["dau_vao"], outputs=root / dirs["dau_ra"], catalog=root / dirs["danh_muc"],
            templates=root / dirs["mau"],
            limits=Limits(max_bytes=int(float(limits.get("dung_luong_tep_mb", 20)) * 1_000_000),
                          max_unzipped_bytes=int(float(limits.get("giai_nen_toi_da_mb", 200)) * 1_000_000),
                          max_rows=int(limits.get("so_dong_toi_da", 100_000)),
                          max_cells=int(limits.get("so_o_toi_da", 5_000_000))),
            history_db=root / history.get("tep", "data/lich_su.sqlite"),
            jump_factor=float(history.get("he_so_bien_dong", 10)), raw=data)
    except KeyError as exc:
        raise ConfigError(f"{path.name}: thiếu mục hoặc khóa {exc.args[0]}.") from exc
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path.name}: giá trị không hợp lệ ({exc}).") from exc
