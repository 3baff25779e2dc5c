"""The screenshots of docs/gui.md, taken from the real window on an X server (Xvfb):

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb python docs/images/gui_screenshots.py --lang es docs/images/gui_main_es.png

The bundled demo is analysed, the claim with most registrations is clicked, and the window's
part of the X screen is grabbed (what a user would see), not a widget rendered offscreen;
``--size 1366x768`` is the office laptop, ``--start`` the start page of an empty window.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--lang", default="es", choices=["es", "en"])
    parser.add_argument("--size", default="1600x1000")
    parser.add_argument("--open", nargs="+", metavar="FILE", help="analyse these inputs instead of the bundled demo")
    parser.add_argument("--zoom", type=float, default=1.0,
                        help="zoom in this many times on the chosen claim (below 1: zoom out)")
    parser.add_argument("--panel", default="details", choices=["details", "dashboard"],
                        help="the right-hand panel to show")
    parser.add_argument("--start", action="store_true", help="the start page of an empty window, nothing loaded")
    parser.add_argument("--bolivia", action="store_true",
                        help="the Bolivian demo (start page button), its first-ranked reversion candidate in La Paz chosen")
    args = parser.parse_args(argv)
    os.environ["CONCESSION_GIS_DATA_DIR"] = tempfile.mkdtemp(prefix="cgis-shots-")

    from concession_gis_ui.app import create_app, make_window
    from PyQt5.QtCore import QSettings

    from concession_gis.sample.bundled import bundled_inputs

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, os.environ["CONCESSION_GIS_DATA_DIR"])
    app = create_app()
    width, height = (int(v) for v in args.size.split("x"))
    window = make_window(args.lang, offer_recovery=False)
    window.setGeometry(0, 0, width, height)
    window.show()
    if args.start:
        window._remember("/datos/Madre de Dios.cgis.json")  # as a user's recent project
        _settle(app, 1.0)
        return _grab(window, args.out, width, height)
    if args.bolivia:
        ready = window.open_demo_bolivia()
        _wait(app, lambda: ready() and not window.controller.loading and not window.controller.runner.busy, 600)
    else:
        inputs = bundled_inputs()
        paths = args.open or inputs.files()
        window.open_paths(paths)
        _wait(app, lambda: len(window.session.all_inputs()) == len(paths) and not window.controller.runner.busy, 600)
    ended = []
    window.controller.analysis_ended.connect(ended.append)
    window.controller.run_analysis()
    _wait(app, lambda: ended, 1200)
    if ended != ["done"]:
        print("\n".join(window.messages.texts()), file=sys.stderr)
        return 1
    if args.bolivia:
        layer = window.session.layers.get("areas")
        ranks = layer.frame["reversion_rank"].where(layer.frame["code"].str.startswith("LA-"))
        row = int(ranks.to_numpy(dtype=float, na_value=float("inf")).argmin())
    else:
        layer = window.session.layers.get("concessions")
        row = int(layer.frame["n_registrations"].to_numpy().argmax())
    window.canvas.zoom_full()
    _wait(app, window.canvas.is_idle, 30)
    if args.bolivia:  # the La Paz valley, whole (Potosí lies 400 km away)
        valley = layer.frame.loc[layer.frame["code"].str.startswith("LA-")]
        window.canvas.zoom_to_bounds(tuple(valley.total_bounds), margin=0.05)
    elif args.zoom != 1:  # below 1: zoomed out around the claim (the base map's department borders)
        point = layer.frame.geometry.iloc[row].representative_point()
        px, py = window.canvas.view.to_pixels(point.x, point.y)
        window.canvas.zoom(args.zoom, (float(px), float(py)))
    window.canvas.select_only(layer, [row])  # as a click on the claim (points lie on top of it)
    window.table.show_layer(layer)
    window.details.show_feature(layer, row)
    window.layer_panel.set_current(layer)
    window.docks[args.panel].raise_()
    _wait(app, window.canvas.is_idle, 30)
    _settle(app, 1.0)
    return _grab(window, args.out, width, height)


def _grab(window, out: str, width: int, height: int) -> int:
    """The window's part of the X screen (what a user sees there), saved to ``out``."""
    from PyQt5.QtWidgets import QApplication

    picture = QApplication.primaryScreen().grabWindow(0, 0, 0, width, height)
    picture.save(out)
    _palettise(out)
    window.unsaved.set(False)
    window.close()
    print(f"{out}: {picture.width()}×{picture.height()}")
    return 0


def _palettise(path: str) -> None:
    """256 colours, no dithering (symbol colours stay exact), as render_docs_images.py saves its
    pictures: a third of the size of the full-colour grab."""
    from PIL import Image

    Image.open(path).convert("RGB").quantize(
        colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(path, optimize=True)


def _wait(app, condition, timeout: float) -> None:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def _settle(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


if __name__ == "__main__":
    raise SystemExit(main())
