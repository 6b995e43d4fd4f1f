"""Waveform, spectrogram and short-term loudness of one take, X-linked, zoomable, with a cursor."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from studio.media.peaks import Peaks
from studio.workflows.score.analysis_jobs import LoudnessFacts, SpectrumPicture

BACKGROUND = "#1f2023"
WAVE_PEN = pg.mkPen("#6fb3e0", width=1)
CURSOR_PEN = pg.mkPen("#f0c040", width=1)
HZ_TICKS = (50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000)
LUFS_RANGE = (-48.0, 0.0)


class TakeViews(QWidget):
    """Three plots sharing one time axis (seconds): wheel zooms, drag scrolls, click sets
    the cursor that playback starts from. Only the visible peaks at the zoom's level are
    drawn, so an hour-long take redraws as fast as a short one."""

    cursor_moved = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.peaks: Peaks | None = None
        self.seconds = 0.0
        self.row_hz = np.empty(0)  # the spectrogram's row frequencies
        self.wave = self._plot("Waveform", height=110)
        self.wave.setYRange(-1.0, 1.0, padding=0.05)
        self.wave_curve = pg.PlotDataItem(pen=WAVE_PEN, connect="pairs")
        self.wave.addItem(self.wave_curve)
        self.spectrum = self._plot("Spectrogram (Hz)", height=130)
        self.spectrum_image = pg.ImageItem(axisOrder="row-major")
        self.spectrum.addItem(self.spectrum_image)
        self.loudness = self._plot("Short-term LUFS", height=80)
        self.loudness.setYRange(*LUFS_RANGE, padding=0)
        self.loudness_curve = pg.PlotDataItem(pen=pg.mkPen("#9ccc65", width=1.5))
        self.integrated_line = pg.InfiniteLine(
            angle=0, pen=pg.mkPen("#e0e0e0", width=1, style=pg.QtCore.Qt.PenStyle.DashLine)
        )
        self.loudness.addItem(self.loudness_curve)
        self.loudness.addItem(self.integrated_line)
        self.integrated_line.hide()
        self.spectrum.setXLink(self.wave)
        self.loudness.setXLink(self.wave)
        self.loudness.getAxis("bottom").setLabel("seconds")
        self.cursors = []
        for plot in (self.wave, self.spectrum, self.loudness):
            cursor = pg.InfiniteLine(0.0, angle=90, pen=CURSOR_PEN, movable=plot is self.wave)
            plot.addItem(cursor)
            self.cursors.append(cursor)
            plot.scene().sigMouseClicked.connect(lambda event, p=plot: self._clicked(p, event))
        self.cursors[0].sigPositionChanged.connect(self._dragged)
        self.wave.getViewBox().sigXRangeChanged.connect(self._redraw_wave)
        self.wave.getViewBox().sigResized.connect(self._redraw_wave)  # the level suits the width
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for plot in (self.wave, self.spectrum, self.loudness):
            layout.addWidget(plot, 1)

    def _plot(self, title: str, height: int) -> pg.PlotWidget:
        plot = pg.PlotWidget(background=BACKGROUND)
        plot.setMinimumHeight(height)
        plot.setMouseEnabled(x=True, y=False)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.getAxis("left").setWidth(48)
        plot.getAxis("left").setLabel(title)
        for side in ("left", "bottom"):
            # Plain units: an empty or very short take made "seconds (x0.001)".
            plot.getAxis(side).enableAutoSIPrefix(False)
        plot.showGrid(x=True, y=False, alpha=0.15)
        return plot

    # -- content -----------------------------------------------------------------------------
    def clear(self) -> None:
        self.peaks = None
        self.wave_curve.setData([], [])
        self.spectrum_image.clear()
        self.loudness_curve.setData([], [])
        self.integrated_line.hide()

    def set_length(self, seconds: float) -> None:
        """Show a take `seconds` long, whole; the view cannot scroll past its ends."""
        self.seconds = max(seconds, 1e-3)
        for plot in (self.wave, self.spectrum, self.loudness):
            plot.setLimits(xMin=0.0, xMax=self.seconds, minXRange=min(0.01, self.seconds))
        self.fit()
        self.set_cursor(0.0)

    def fit(self) -> None:
        self.wave.setXRange(0.0, self.seconds, padding=0)

    def zoom(self, factor: float) -> None:
        """Zoom about the cursor (factor > 1 zooms in)."""
        lo, hi = self.wave.getViewBox().viewRange()[0]
        at = self.cursor()
        width = (hi - lo) / factor
        # The cursor keeps its place on screen.
        left = width * (at - lo) / (hi - lo)
        self.wave.setXRange(at - left, at - left + width, padding=0)

    def set_waveform(self, peaks: Peaks) -> None:
        self.peaks = peaks
        self._redraw_wave()

    def set_spectrum(self, picture: SpectrumPicture) -> None:
        self.row_hz = picture.row_hz
        self.spectrum_image.setImage(picture.rgba, autoLevels=False)
        rows = len(picture.row_hz)
        self.spectrum_image.setRect(QRectF(0.0, 0.0, picture.seconds, rows))
        self.spectrum.setYRange(0, rows, padding=0)
        # Rows are log-spaced: label the rows nearest round frequencies.
        log_hz = np.log(picture.row_hz)
        ticks = []
        for hz in HZ_TICKS:
            if picture.row_hz[0] <= hz <= picture.row_hz[-1]:
                row = float(np.interp(math.log(hz), log_hz, np.arange(rows)))
                ticks.append((row, f"{hz // 1000}k" if hz >= 1000 else str(hz)))
        self.spectrum.getAxis("left").setTicks([ticks, []])

    def set_loudness(self, facts: LoudnessFacts) -> None:
        values = np.maximum(facts.short_term, LUFS_RANGE[0])  # silence (-inf) sits on the floor
        # Each value measures the 3 s window ending there; plotted at the window's centre.
        times = 1.5 + np.arange(len(values)) * facts.step
        # A take barely longer than the window has a value or two: show them as dots.
        self.loudness_curve.setData(times, values, symbol="o" if len(values) < 8 else None)
        self.loudness_curve.setSymbolSize(5)
        if math.isfinite(facts.integrated):
            self.integrated_line.setValue(facts.integrated)
            self.integrated_line.show()
        else:
            self.integrated_line.hide()

    # -- cursor ------------------------------------------------------------------------------
    def cursor(self) -> float:
        return float(self.cursors[0].value())

    def set_cursor(self, seconds: float) -> None:
        seconds = min(max(0.0, seconds), self.seconds)
        for cursor in self.cursors:
            cursor.blockSignals(True)
            cursor.setValue(seconds)
            cursor.blockSignals(False)
        self.cursor_moved.emit(seconds)

    def _clicked(self, plot: pg.PlotWidget, event) -> None:
        if event.button() == pg.QtCore.Qt.MouseButton.LeftButton:
            self.set_cursor(plot.getViewBox().mapSceneToView(event.scenePos()).x())

    def _dragged(self) -> None:
        self.set_cursor(self.cursors[0].value())

    # -- drawing -------------------------------------------------------------------------------
    def _redraw_wave(self, *_args) -> None:
        peaks = self.peaks
        if peaks is None:
            return
        lo, hi = self.wave.getViewBox().viewRange()[0]
        pixels = max(1, self.wave.getViewBox().width())
        rate = peaks.sample_rate
        level = peaks.level_for((hi - lo) * rate / pixels)
        spp = level.samples_per_peak
        first = max(0, int(lo * rate) // spp - 1)
        last = min(len(level), int(math.ceil(hi * rate / spp)) + 1)
        if last <= first:
            self.wave_curve.setData([], [])
            return
        # One vertical stroke per bucket, from the lowest to the highest sample of any channel.
        lows = level.mins[:, first:last].min(axis=0)
        highs = level.maxs[:, first:last].max(axis=0)
        times = (np.arange(first, last) + 0.5) * (spp / rate)
        x = np.repeat(times, 2)
        y = np.empty(len(x), np.float32)
        y[0::2], y[1::2] = lows, highs
        self.wave_curve.setData(x, y)
