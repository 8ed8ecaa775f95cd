@echo off
rem Launcher for Windows: double-click to make the monthly report; or type: bao-cao.bat [command] [options].
rem Only ASCII above the chcp line: cmd.exe reads the rest of this file as UTF-8 once the code page is 65001.
setlocal EnableExtensions DisableDelayedExpansion
set "BAOCAO_CP="
for /f "tokens=2 delims=:." %%c in ('chcp') do set "BAOCAO_CP=%%c"
chcp 65001 >nul
if defined BAOCAO_CP set "BAOCAO_CP=%BAOCAO_CP: =%"
set "PYTHONUTF8=1"
set "BAOCAO_KQ=0"
set "BAOCAO_DUNG="
if "%~1"=="" set "BAOCAO_DUNG=1"
pushd "%~dp0" || goto :khong_vao_thu_muc
set "BAOCAO_PY=.venv\Scripts\python.exe"

rem 1. The Python environment in .venv: made on first use, made again if it was copied from another computer.
if not exist "%BAOCAO_PY%" goto :tao_moi_truong
"%BAOCAO_PY%" -c "import sys" >nul 2>nul
if not errorlevel 1 goto :cai_thu_vien
echo Môi trường Python trong thư mục .venv không dùng được (có thể được chép từ máy khác): đang tạo lại.
rmdir /s /q .venv

:tao_moi_truong
call :tim_python
if not defined BAOCAO_PYTHON goto :thieu_python
echo Lần đầu chạy: đang tạo môi trường Python trong thư mục .venv ...
%BAOCAO_PYTHON% -m venv .venv
if errorlevel 1 goto :loi_cai_dat

rem 2. The libraries of requirements.txt, installed again whenever that file changes.
:cai_thu_vien
fc /b requirements.txt .venv\baocao-requirements.txt >nul 2>nul
if not errorlevel 1 goto :chay
echo Đang cài đặt các thư viện của công cụ (cần Internet, vài phút) ...
"%BAOCAO_PY%" -m pip install --disable-pip-version-check -q -r requirements.txt
if errorlevel 1 goto :loi_cai_dat
copy /y requirements.txt .venv\baocao-requirements.txt >nul

rem 3. The tool: with no arguments (a double-click) the monthly job, then the period's folder is opened.
:chay
if defined BAOCAO_DUNG goto :chay_hang_thang
"%BAOCAO_PY%" generate.py %*
set "BAOCAO_KQ=%ERRORLEVEL%"
goto :ket_thuc

:chay_hang_thang
"%BAOCAO_PY%" generate.py --mo
set "BAOCAO_KQ=%ERRORLEVEL%"
goto :ket_thuc

:tim_python
set "BAOCAO_PYTHON="
py -3 -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul
if not errorlevel 1 set "BAOCAO_PYTHON=py -3"
if defined BAOCAO_PYTHON goto :eof
python -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul
if not errorlevel 1 set "BAOCAO_PYTHON=python"
goto :eof

:thieu_python
echo.
echo Máy này chưa có Python 3.11 trở lên, nên chưa chạy được công cụ.
echo Hãy tải Python tại https://www.python.org/downloads/windows/ và cài đặt
echo (ở màn hình đầu tiên, đánh dấu ô "Add python.exe to PATH"), rồi bấm đúp lại tệp bao-cao.bat.
set "BAOCAO_KQ=3"
goto :ket_thuc

:loi_cai_dat
echo.
echo Cài đặt chưa xong. Kiểm tra kết nối Internet rồi bấm đúp lại tệp bao-cao.bat để cài tiếp.
echo Nếu vẫn không được, xóa thư mục .venv trong thư mục công cụ rồi chạy lại.
set "BAOCAO_KQ=3"
goto :ket_thuc

:khong_vao_thu_muc
echo Không mở được thư mục chứa tệp bao-cao.bat (ổ mạng bị ngắt, hoặc không có quyền).
set "BAOCAO_KQ=3"
goto :dung

:ket_thuc
popd

:dung
if not defined BAOCAO_DUNG goto :thoat
echo.
echo Bấm phím bất kỳ để đóng cửa sổ này.
pause >nul

:thoat
if defined BAOCAO_CP chcp %BAOCAO_CP% >nul
exit /b %BAOCAO_KQ%
