"""PyInstaller hook for nanoarrow (pyinstaller-hooks-contrib has none): its compiled modules
import each other where PyInstaller cannot see it."""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("nanoarrow")
