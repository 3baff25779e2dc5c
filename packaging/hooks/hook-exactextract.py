"""PyInstaller hook for exactextract: its compiled core imports the Python modules it calls back;
on Windows its GEOS DLLs sit in exactextract.libs (delvewheel)."""

from PyInstaller.utils.hooks import collect_delvewheel_libs_directory, collect_submodules

hiddenimports = collect_submodules("exactextract")
datas, binaries = collect_delvewheel_libs_directory("exactextract")  # Windows only
