"""PyInstaller hook for rasterio (pyinstaller-hooks-contrib has none).

rasterio's compiled modules import each other where PyInstaller cannot see it, and its wheel
carries GDAL's and PROJ's data files (rasterio/gdal_data, rasterio/proj_data), which rasterio
looks for beside its own modules when GDAL_DATA / PROJ_DATA are not set. On Windows its DLLs
(GDAL, PROJ, GEOS...) sit in rasterio.libs, put there by delvewheel; collected as they are.
"""

from PyInstaller.utils.hooks import (
    collect_data_files,
    collect_delvewheel_libs_directory,
    collect_submodules,
)

# rasterio.rio is the `rio` command line (click): not used, left out.
hiddenimports = collect_submodules("rasterio", filter=lambda name: not name.startswith("rasterio.rio"))
datas = collect_data_files("rasterio", subdir="gdal_data") + collect_data_files("rasterio", subdir="proj_data")
binaries = []
datas, binaries = collect_delvewheel_libs_directory("rasterio", datas=datas, binaries=binaries)  # Windows only
