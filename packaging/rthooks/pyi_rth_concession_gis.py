"""Runtime hook of the bundle: GDAL and PROJ use the data inside it, whatever the workstation has.

It runs before the application (and before each spawned worker). A GIS workstation often has
GDAL_DATA, PROJ_LIB or GDAL_DRIVER_PATH set system-wide by a QGIS, OSGeo4W or PostGIS install;
rasterio obeys GDAL_DATA and PROJ_DATA/PROJ_LIB before its own copies, and a proj.db of another
PROJ version stops every coordinate transformation ("proj.db lacks DATABASE.LAYOUT.VERSION"),
while another GDAL's plugin drivers can crash this one. So, when frozen:

- GDAL_DATA, PROJ_DATA and PROJ_LIB point into the bundle (rasterio's copies; pyogrio and pyproj
  always use their own copies beside their modules, which the bundle also holds);
- GDAL_DRIVER_PATH=disable: the wheels' GDAL has every driver built in, no plugins to load;
- PROJ_NETWORK=OFF: the tool runs offline; no waiting on PROJ's grid CDN;
- MPLCONFIGDIR is a folder of the user's that outlives the run (the spec drops PyInstaller's own
  hook, which makes a new temporary one each run), so matplotlib lists the system's fonts once,
  not before every map (seconds on a Windows machine with hundreds of fonts), and no user
  matplotlibrc changes how the maps look.

The values found on the workstation are kept as CONCESSION_GIS_INHERITED_<NAME> for diagnosis.
"""

import os
import sys


def _user_cache_dir() -> str:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Local")
        return os.path.join(base, "concession-gis", "cache")
    if sys.platform == "darwin":
        return os.path.join(os.path.expanduser("~"), "Library", "Caches", "concession-gis")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "concession-gis")


def _use_bundled_data() -> None:
    base = getattr(sys, "_MEIPASS", None)
    if not base:
        return
    wanted = {
        "GDAL_DATA": os.path.join(base, "rasterio", "gdal_data"),
        "PROJ_DATA": os.path.join(base, "rasterio", "proj_data"),
        "PROJ_LIB": os.path.join(base, "rasterio", "proj_data"),
        "GDAL_DRIVER_PATH": "disable",
        "PROJ_NETWORK": "OFF",
    }
    for name, value in wanted.items():
        inherited = os.environ.get(name)
        if inherited is not None and inherited != value:
            os.environ.setdefault(f"CONCESSION_GIS_INHERITED_{name}", inherited)
        os.environ[name] = value
    matplotlib_dir = os.path.join(_user_cache_dir(), "matplotlib")
    try:
        os.makedirs(matplotlib_dir, exist_ok=True)
    except OSError:  # a read-only profile: matplotlib falls back to a temporary folder itself
        os.environ.pop("MPLCONFIGDIR", None)
    else:
        os.environ["MPLCONFIGDIR"] = matplotlib_dir


_use_bundled_data()
del _use_bundled_data
