"""Toolbar icons drawn with QPainter (no image files to ship or license)."""

from __future__ import annotations

from PyQt5.QtCore import QPointF, QRectF, Qt
from PyQt5.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

SIZE = 32
INK = QColor(50, 60, 75)
ACCENT = QColor(44, 111, 187)


def _icon(draw) -> QIcon:
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QPen(INK, 2.4, cap=Qt.RoundCap, join=Qt.RoundJoin))
    draw(painter)
    painter.end()
    return QIcon(pixmap)


def _magnifier(p: QPainter) -> None:
    p.drawEllipse(QRectF(5, 5, 16, 16))
    p.setPen(QPen(INK, 4, cap=Qt.RoundCap))
    p.drawLine(QPointF(19, 19), QPointF(27, 27))
    p.setPen(QPen(INK, 2.4, cap=Qt.RoundCap))


def zoom_in() -> QIcon:
    return _icon(lambda p: (_magnifier(p), p.drawLine(QPointF(9, 13), QPointF(17, 13)), p.drawLine(QPointF(13, 9), QPointF(13, 17))))


def zoom_out() -> QIcon:
    return _icon(lambda p: (_magnifier(p), p.drawLine(QPointF(9, 13), QPointF(17, 13))))


def zoom_full() -> QIcon:
    def draw(p: QPainter) -> None:
        p.drawRect(QRectF(9, 9, 14, 14))
        for x, y, dx, dy in ((4, 4, 1, 1), (28, 4, -1, 1), (4, 28, 1, -1), (28, 28, -1, -1)):
            p.drawLine(QPointF(x, y), QPointF(x + 5 * dx, y + 5 * dy))
    return _icon(draw)


def zoom_layer() -> QIcon:
    def draw(p: QPainter) -> None:
        for offset, color in ((10, QColor(180, 190, 205)), (4, ACCENT)):
            path = QPainterPath()
            path.moveTo(16, offset)
            path.lineTo(29, offset + 7)
            path.lineTo(16, offset + 14)
            path.lineTo(3, offset + 7)
            path.closeSubpath()
            p.setBrush(color)
            p.drawPath(path)
    return _icon(draw)


def zoom_selection() -> QIcon:
    def draw(p: QPainter) -> None:
        p.setBrush(QColor(255, 230, 0))
        p.drawRect(QRectF(4, 4, 12, 12))
        p.setBrush(Qt.NoBrush)
        p.drawEllipse(QRectF(12, 12, 11, 11))
        p.setPen(QPen(INK, 3.5, cap=Qt.RoundCap))
        p.drawLine(QPointF(22, 22), QPointF(28, 28))
    return _icon(draw)


def box_zoom() -> QIcon:
    def draw(p: QPainter) -> None:
        p.setPen(QPen(INK, 2.2, Qt.DashLine))
        p.drawRect(QRectF(4, 6, 24, 18))
        p.setPen(QPen(ACCENT, 3, cap=Qt.RoundCap))
        p.drawLine(QPointF(16, 11), QPointF(16, 19))
        p.drawLine(QPointF(12, 15), QPointF(20, 15))
    return _icon(draw)


def export() -> QIcon:
    def draw(p: QPainter) -> None:
        p.drawRect(QRectF(6, 4, 16, 22))
        p.setPen(QPen(ACCENT, 3, cap=Qt.RoundCap, join=Qt.RoundJoin))
        p.drawLine(QPointF(14, 16), QPointF(28, 16))
        p.drawLine(QPointF(23, 11), QPointF(28, 16))
        p.drawLine(QPointF(23, 21), QPointF(28, 16))
    return _icon(draw)


ICONS = {"zoom_in": zoom_in, "zoom_out": zoom_out, "zoom_full": zoom_full, "zoom_layer": zoom_layer,
         "zoom_selection": zoom_selection, "box_zoom": box_zoom, "export": export}
