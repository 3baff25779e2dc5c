"""PyInstaller hook for exactextract: its compiled core imports the Python modules it calls back."""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("exactextract")
