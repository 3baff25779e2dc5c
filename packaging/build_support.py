"""Files the spec generates at build time: the Windows version resource and the application icon.

Generated rather than committed so that they always carry the package's version and need no
binary file in the repository. Both are written on every platform (so a Linux build checks this
code); only the Windows executables use them.
"""

from __future__ import annotations

import re
from pathlib import Path

PRODUCT = "concession-gis"
DESCRIPTION = "concession-gis: mining-concession conflict analysis"


def project_version(root: Path) -> str:
    """``__version__`` of concession_gis, read from its source (the spec does not import it)."""
    text = (root / "concession_gis" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit("concession_gis/__init__.py has no __version__ = \"X.Y.Z\" line")
    return match.group(1)


def write_version_info(path: Path, version: str) -> Path:
    """A VSVersionInfo file (PyInstaller's format) for the Windows executables' Properties tab."""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    numbers += [0] * (4 - len(numbers))
    fixed = tuple(numbers)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={fixed}, prodvers={fixed}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', '{PRODUCT}'),
      StringStruct('FileDescription', '{DESCRIPTION}'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('ProductName', '{PRODUCT}'),
      StringStruct('ProductVersion', '{version}'),
      StringStruct('LegalCopyright', 'MIT License')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
""", encoding="utf-8")
    return path


def write_icon(path: Path) -> Path:
    """The application icon (.ico, 16-256 px): two overlapping claims and a registration point."""
    from PIL import Image, ImageDraw

    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 248, 248), radius=44, fill=(44, 111, 187, 255))
    draw.polygon([(48, 70), (150, 52), (168, 150), (62, 172)], fill=(255, 255, 255, 235))
    draw.polygon([(110, 112), (208, 96), (214, 200), (120, 210)], outline=(255, 214, 64, 255), width=12)
    draw.ellipse((128, 128, 168, 168), fill=(214, 48, 49, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    return path
