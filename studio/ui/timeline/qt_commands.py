"""The timeline's keyboard and menu commands, each one edit through the session."""

from __future__ import annotations

from studio.model.edits import AddMarker, DeleteClips, LinkClips, RippleDelete, UnlinkClips
from studio.model.time import timecode
from studio.ui.qt_session import EditSession
from studio.workflows.timeline.editing import Copied, copy_clips, paste_edit, split_edit


class TimelineCommands:
    def __init__(self) -> None:
        self.session: EditSession | None = None
        self.clipboard: Copied | None = None  # outlives a project switch, like a text clipboard

    def split_at_playhead(self) -> None:
        s = self.session
        edit = split_edit(s.project, s.selection, s.playhead)  # linked clips are cut too
        where = s.timecode(s.playhead)
        if edit is None:
            s.message.emit(f"No clip runs across {where} to split")
            return
        result = s.apply(edit)
        if result:
            cut = sorted(c for c in result.change.clips if s.project.clip(c) is not None)
            names = {s.project.clip(c).name or "a clip" for c in cut}
            what = next(iter(names)) if len(names) == 1 else f"{len(cut) // 2} clips"
            s.message.emit(f"Split {what} at {where}")

    def delete(self, ripple: bool = False, linked: bool = True) -> None:
        """Delete the selection and the clips linked to it (`linked`), closing the gap on
        every track that holds linked material with `ripple`."""
        s = self.session
        if not s.selection:
            s.message.emit("Select clips to delete")
            return
        chosen = sorted(s.selection)
        s.apply(RippleDelete(chosen, linked) if ripple else DeleteClips(chosen, linked))

    def link(self) -> None:
        s = self.session
        if len(s.selection) < 2:
            s.message.emit("Select two or more clips to link")
            return
        s.apply(LinkClips(sorted(s.selection)))

    def unlink(self) -> None:
        s = self.session
        linked = [c for c in sorted(s.selection) if (clip := s.project.clip(c)) and clip.link]
        if not linked:
            s.message.emit("No linked clip is selected")
            return
        s.apply(UnlinkClips(linked))

    def copy(self) -> bool:
        copied = copy_clips(self.session.project, sorted(self.session.selection))
        if copied is None:
            self.session.message.emit("Select clips to copy")
            return False
        self.clipboard = copied
        self.session.message.emit(f"Copied {len(copied.clips)} clip(s)")
        return True

    def cut(self) -> None:
        if self.copy():
            self.delete()

    def paste(self) -> None:
        s = self.session
        if self.clipboard is None:
            s.message.emit("Nothing to paste")
            return
        if any(s.project.track(tid) is None for tid, _ in self.clipboard.clips):
            s.message.emit("Paste refused: the copied clips' tracks are not in this project")
            return
        edit, ids = paste_edit(s.project, self.clipboard, s.playhead)
        if s.apply(edit):
            s.select(ids)

    def add_marker(self) -> None:
        s = self.session
        fps = s.project.settings.fps
        if any(m.frame == s.playhead for m in s.project.markers):
            s.message.emit(f"There is already a marker at {timecode(s.playhead, fps)}")
            return
        s.apply(AddMarker(s.playhead, f"Marker {len(s.project.markers) + 1}"))

    def select_all(self) -> None:
        s = self.session
        s.select(c.id for c in s.project.all_clips())
