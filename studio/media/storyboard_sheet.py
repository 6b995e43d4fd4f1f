"""Storyboard export: a PDF of panels (N per page) and a PNG contact sheet.

Each panel shows the shot's frame (its picked take, or its newest), the shot number, its
length and its description, in timeline order — what a board artist hands to a director.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from studio.atomic import replacing
from studio.errors import MediaError
from studio.media.thumbnails import thumbnail
from studio.model import MediaKind, Project
from studio.model.files import media_path
from studio.model.time import frames_to_seconds, timecode


@dataclass(frozen=True)
class Panel:
    number: int
    description: str
    length: str  # "00:00:03:00 · 3.0 s"
    frame: Image.Image | None  # None: no take yet, or its file is offline


def storyboard_panels(project: Project, folder: Path, height: int = 360) -> list[Panel]:
    fps = project.settings.fps
    panels = []
    for number, shot in enumerate(project.shots, start=1):
        asset_id = shot.picked or (shot.takes[-1] if shot.takes else None)
        asset = project.assets.get(asset_id) if asset_id else None
        frame = None
        if asset is not None and asset.kind in (MediaKind.IMAGE, MediaKind.VIDEO):
            try:
                frame = thumbnail(media_path(folder, asset), 0.0, height)
            except MediaError:
                frame = None  # offline media: the panel says so instead of failing the export
        seconds = float(frames_to_seconds(shot.duration, fps))
        length = f"{timecode(shot.duration, fps)} · {seconds:.1f} s"
        panels.append(Panel(number, shot.description, length, frame))
    return panels


def write_contact_sheet(
    project: Project, folder: Path, out: Path, columns: int = 3, cell_width: int = 480
) -> Path:
    """A PNG grid of every shot's panel; returns the file written (atomically)."""
    panels = storyboard_panels(project, folder, height=cell_width * 9 // 16)
    if not panels:
        raise MediaError("the storyboard has no shots to export")
    aspect = project.settings.height / project.settings.width
    picture_h = round(cell_width * aspect)
    caption_h = 84
    pad = 16
    rows = math.ceil(len(panels) / columns)
    sheet = Image.new(
        "RGB",
        (columns * (cell_width + pad) + pad, rows * (picture_h + caption_h + pad) + pad),
        (250, 250, 247),
    )
    draw = ImageDraw.Draw(sheet)
    bold = ImageFont.load_default(size=18)
    font = ImageFont.load_default(size=15)
    for index, panel in enumerate(panels):
        x = pad + (index % columns) * (cell_width + pad)
        y = pad + (index // columns) * (picture_h + caption_h + pad)
        _paste_frame(sheet, draw, panel, (x, y, cell_width, picture_h), font)
        draw.text((x, y + picture_h + 6), f"{panel.number}   {panel.length}", (20, 20, 20), bold)
        lines = _wrap(draw, panel.description, font, cell_width)[:3]
        draw.multiline_text((x, y + picture_h + 30), "\n".join(lines), (60, 60, 60), font)
    return _save_atomically(out, lambda tmp: sheet.save(tmp, format="PNG"))


def write_storyboard_pdf(
    project: Project, folder: Path, out: Path, per_page: int = 6, title: str | None = None
) -> int:
    """A landscape PDF, `per_page` panels a page (2, 4, 6, 8, 9 or 12); returns the pages."""
    from fpdf import FPDF

    columns = {2: 2, 4: 2, 6: 3, 8: 4, 9: 3, 12: 4}.get(per_page)
    if columns is None:
        raise MediaError(f"{per_page} panels a page is not a layout: use 2, 4, 6, 8, 9 or 12")
    rows = per_page // columns
    panels = storyboard_panels(project, folder)
    if not panels:
        raise MediaError("the storyboard has no shots to export")
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    margin, header, caption = 12.0, 10.0, 16.0
    cell_w = (297 - 2 * margin - (columns - 1) * 6) / columns
    cell_h = (210 - 2 * margin - header - (rows - 1) * 4) / rows
    aspect = project.settings.height / project.settings.width
    picture_h = min(cell_h - caption, cell_w * aspect)
    picture_w = picture_h / aspect
    heading = _latin1(title or project.script.title or project.name)
    pages = math.ceil(len(panels) / per_page)
    for page in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 12)
        pdf.set_xy(margin, margin - 4)
        pdf.cell(0, 8, f"{heading}  -  storyboard")
        pdf.set_font("Helvetica", "", 9)
        pdf.set_xy(297 - margin - 30, margin - 4)
        pdf.cell(30, 8, f"page {page + 1} of {pages}", align="R")
        for slot, panel in enumerate(panels[page * per_page : (page + 1) * per_page]):
            x = margin + (slot % columns) * (cell_w + 6)
            y = margin + header + (slot // columns) * (cell_h + 4)
            pdf.set_draw_color(60, 60, 60)
            pdf.rect(x, y, picture_w, picture_h)
            if panel.frame is not None:
                pdf.image(panel.frame.convert("RGB"), x, y, picture_w, picture_h)
            else:
                pdf.set_xy(x, y + picture_h / 2 - 3)
                pdf.cell(picture_w, 6, "no frame yet", align="C")
            pdf.set_xy(x, y + picture_h + 1)
            pdf.set_font("Helvetica", "B", 9)
            pdf.cell(picture_w, 4.5, _latin1(f"{panel.number}    {panel.length}"))
            pdf.set_xy(x, y + picture_h + 5.5)
            pdf.set_font("Helvetica", "", 8)
            pdf.multi_cell(picture_w, 3.6, _latin1(panel.description)[:240], max_line_height=3.6)
    _save_atomically(out, lambda tmp: pdf.output(str(tmp)))
    return pages


def _paste_frame(sheet, draw, panel: Panel, box, font) -> None:
    x, y, w, h = box
    if panel.frame is None:
        draw.rectangle((x, y, x + w - 1, y + h - 1), outline=(120, 120, 120), fill=(225, 225, 220))
        draw.text((x + w / 2, y + h / 2), "no frame yet", (90, 90, 90), font, anchor="mm")
        return
    frame = panel.frame.convert("RGB")
    frame.thumbnail((w, h))
    sheet.paste(frame, (x + (w - frame.width) // 2, y + (h - frame.height) // 2))
    draw.rectangle((x, y, x + w - 1, y + h - 1), outline=(60, 60, 60))


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def _latin1(text: str) -> str:
    # The PDF's core fonts cover Latin-1; anything else prints as "?" rather than failing.
    text = text.replace("·", "-").replace("—", "-").replace("’", "'")
    return text.encode("latin-1", "replace").decode("latin-1")


def _save_atomically(out: Path, write) -> Path:
    out = Path(out)
    with replacing(out, MediaError) as temp:
        write(temp)
    return out
