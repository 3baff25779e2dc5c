"""PyInstaller hook for pyogrio (pyinstaller-hooks-contrib has none).

Its compiled modules import each other where PyInstaller cannot see it, and its wheel carries
its own GDAL and PROJ data (pyogrio/gdal_data, pyogrio/proj_data), which pyogrio always prefers
when it finds them beside its modules. On Windows its own GDAL DLL sits in pyogrio.libs.
"""

from PyInstaller.utils.hooks import (
    collect_data_files,
    collect_delvewheel_libs_directory,
    collect_submodules,
)

hiddenimports = collect_submodules("pyogrio", filter=lambda name: not name.startswith("pyogrio.tests"))
datas = collect_data_files("pyogrio", subdir="gdal_data") + collect_data_files("pyogrio", subdir="proj_data")
binaries = []
datas, binaries = collect_delvewheel_libs_directory("pyogrio", datas=datas, binaries=binaries)  # Windows only
