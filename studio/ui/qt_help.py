"""Help ▸ Getting Started: what each panel does, three things to try, where models come from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

if TYPE_CHECKING:
    from studio.ui.qt_app_context import AppContext

GETTING_STARTED = """
<h2>Getting started with Storyreel</h2>
<p>A story reel is your film as a draft: the script, a storyboard frame for every shot,
clips and a temp score, cut to time on one timeline. Each panel makes one of them from
the others.</p>
<h3>The panels</h3>
<ul>
<li><b>Script</b>: write or open a screenplay (Fountain or Final Draft).
<b>Break Down</b> turns its scenes into shots, each with its place on the
<i>Storyboard</i> track.</li>
<li><b>Storyboard</b>: a frame for each shot, made from its description, its scene and a
style. Takes stay with the shot; click one to use it.</li>
<li><b>Clips</b>: a shot's frame becomes a moving clip of the shot's length, in the
shot's place. <i>Generate Clips for All Shots Without One</i> does the whole reel.</li>
<li><b>Score</b>: music fitted to the whole reel, a scene or a selection, to the
sample. When the cut changes, it offers to refit.</li>
<li><b>Timeline</b>, <b>Viewer</b>, <b>Media</b>, <b>Jobs</b>: edit, watch, find
media, follow what is being generated.</li>
</ul>
<h3>Three things to try</h3>
<ol>
<li>Press <b>Space</b> to play the sample reel; drag a shot on the timeline, its sound
goes with it (hold <b>Alt</b> to move one clip alone).</li>
<li>In <b>Script</b>, change a scene and <b>Break Down</b> again: shots keep their
takes.</li>
<li>In <b>Storyboard</b>, pick a shot and <b>Generate</b>; then in <b>Clips</b>,
make it move.</li>
</ol>
<h3>Where models come from</h3>
<p>Out of the box every panel works with built-in generators that need no model
(title cards, pan and zoom, a temp score). <b>Generate ▸ Plugins…</b> lists what is
installed. Diffusers and transformers models are named by a Hugging Face id, a local
folder or a <code>.safetensors</code> file in a generator's parameters; nothing is
downloaded unless you allow it. The command line does the same journey:
<code>storyreel reel frames|clips|score PROJECT</code>.</p>
"""


class GettingStarted(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Getting Started")
        self.resize(620, 620)
        self.text = QTextBrowser()
        self.text.setHtml(GETTING_STARTED)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


def show_getting_started(context: AppContext) -> GettingStarted:
    dialog = context.dialogs.get("getting_started")
    if not isinstance(dialog, GettingStarted):
        dialog = context.dialogs["getting_started"] = GettingStarted(context.host)
    dialog.show()
    dialog.raise_()
    return dialog
