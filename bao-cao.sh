#!/bin/sh
# Chạy công cụ lập báo cáo trên Linux và macOS: ./bao-cao.sh [lệnh] [tùy chọn], ví dụ ./bao-cao.sh --ky 10/2025.
# Lần đầu tự tạo môi trường Python trong thư mục .venv và cài các thư viện (cần Internet); cài lại khi
# requirements.txt đổi. Không kèm tham số: lập báo cáo cho kỳ vừa kết thúc rồi mở thư mục kết quả.
cd "$(dirname "$0")" || exit 3

find_python() {
    for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11 python; do
        if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if ! .venv/bin/python -c 'import sys' >/dev/null 2>&1; then
    if ! python=$(find_python); then
        echo "Máy này chưa có Python 3.11 trở lên. Hãy cài Python (Debian/Ubuntu: sudo apt install python3 python3-venv;" >&2
        echo "macOS: https://www.python.org/downloads/macos/) rồi chạy lại ./bao-cao.sh." >&2
        exit 3
    fi
    [ -d .venv ] && echo "Môi trường Python trong thư mục .venv không dùng được: đang tạo lại." && rm -rf .venv
    echo "Lần đầu chạy: đang tạo môi trường Python trong thư mục .venv ..."
    if ! "$python" -m venv .venv; then
        echo "Không tạo được môi trường Python (Debian/Ubuntu: sudo apt install python3-venv), rồi chạy lại." >&2
        rm -rf .venv
        exit 3
    fi
fi
if ! cmp -s requirements.txt .venv/baocao-requirements.txt; then
    echo "Đang cài đặt các thư viện của công cụ (cần Internet, vài phút) ..."
    if ! .venv/bin/python -m pip install --disable-pip-version-check -q -r requirements.txt; then
        echo "Cài đặt chưa xong. Kiểm tra kết nối Internet rồi chạy lại ./bao-cao.sh để cài tiếp." >&2
        exit 3
    fi
    cp requirements.txt .venv/baocao-requirements.txt
fi
[ "$#" -gt 0 ] || set -- --mo
exec .venv/bin/python generate.py "$@"
