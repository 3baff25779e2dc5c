"""PyInstaller hook for nanoarrow (pyinstaller-hooks-contrib has none): its compiled modules
import each other where PyInstaller cannot see it, and its version is read at import from the
source of ``_static_version.py`` (a frozen module has none: the bundle stopped at start)."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("nanoarrow")
datas = collect_data_files("nanoarrow", include_py_files=True, includes=["_static_version.py"])
