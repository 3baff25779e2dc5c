"""The map canvas: a viewport, layers prepared as flat arrays, and a render thread that paints
QImages off the GUI thread (as QGIS's map canvas does)."""
