"""Final Draft (.fdx) import and export: its XML paragraphs to and from our elements.

FDX has no sections or boneyard, which export leaves out, and keeps notes and scene
summaries apart from the text (<ScriptNote>, <SceneProperties><Summary>): import reads
them as notes and synopses, export writes them there. Emphasis maps to Text runs with
Style="Bold+Italic+Underline". The standard library's expat parser does not fetch external
entities and refuses entity expansion bombs, so untrusted files are safe.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.parsers import expat

from studio.screenplay.elements import Element, ElementType, Screenplay, TitlePage
from studio.screenplay.markup import markup, runs
from studio.screenplay.source import ScreenplayError

T = ElementType

_TYPES = {
    T.SCENE_HEADING: "Scene Heading",
    T.ACTION: "Action",
    T.CHARACTER: "Character",
    T.PARENTHETICAL: "Parenthetical",
    T.DIALOGUE: "Dialogue",
    T.TRANSITION: "Transition",
    T.LYRICS: "Lyrics",
}
_FROM_FDX = {v: k for k, v in _TYPES.items()} | {
    "General": T.ACTION,
    "Shot": T.ACTION,  # a camera direction inside a scene, not a new scene
    "Cast List": T.ACTION,
    "Outline": T.SECTION,
}
_STYLE_NAMES = {"B": "Bold", "I": "Italic", "U": "Underline"}
# Title page fields: where each goes on Final Draft's title page.
_TITLE_ORDER = ("Title", "Credit", "Author", "Authors", "Source")
_TITLE_BOTTOM_LEFT = ("Contact",)


def write_fdx(screenplay: Screenplay) -> bytes:
    root = ET.Element("FinalDraft", DocumentType="Script", Template="No", Version="5")
    content = ET.SubElement(root, "Content")
    elements = [e for e in screenplay.elements if e.type not in _DROPPED]
    notes = _Notes()
    i = 0
    new_page = False
    while i < len(elements):
        element = elements[i]
        if element.type in (T.PAGE_BREAK, T.SECTION):
            new_page = new_page or element.type is T.PAGE_BREAK
            notes.hold()  # what follows a break or an act belongs to what comes next
            i += 1
            continue
        if element.type in (T.NOTE, T.SYNOPSIS):
            notes.add(element)
            i += 1
            continue
        if element.dual == 1:
            end = i + 1
            # One pair per <DualDialogue>: the next left-hand speech starts a new pair.
            while (
                end < len(elements)
                and elements[end].dual
                and (elements[end].dual, elements[end - 1].dual) != (1, 2)
            ):
                end += 1
            holder = ET.SubElement(content, "Paragraph")
            dual = ET.SubElement(holder, "DualDialogue")
            for part in elements[i:end]:
                notes.written(_paragraph(dual, part, False), part)
            i = end
            continue
        notes.written(_paragraph(content, element, new_page), element)
        new_page = False
        i += 1
    notes.finish()
    if screenplay.title_page:
        _title_page(root, screenplay.title_page)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n' + ET.tostring(
        root, encoding="utf-8"
    )


class _Notes:
    """Writes notes where Final Draft keeps them: a note paragraph, or a [[note]] inside
    the text, as a <ScriptNote> of the paragraph written last (of the next one, for notes
    at the top or after a page break or section); a synopsis right after a scene heading
    as its <SceneProperties><Summary>, elsewhere as a note: FDX has synopses of scenes only."""

    def __init__(self) -> None:
        self.last: ET.Element | None = None
        self.written_last: ET.Element | None = None  # even across a break or section
        self.held: list[Element] = []
        self.count = 0
        self.after_heading = False  # only notes and synopses since the last heading

    def written(self, paragraph: ET.Element, element: Element) -> None:
        self.last = self.written_last = paragraph
        self.after_heading = element.type is T.SCENE_HEADING
        for match in _INLINE_NOTE.finditer(element.text):
            self._note(match[1])
        for held in self.held:
            self.add(held)
        self.held = []

    def hold(self) -> None:
        self.last = None

    def finish(self) -> None:
        """Notes held for a paragraph that never came go to the last one written; in a
        script of notes alone there is no paragraph to keep them (FDX has no other place)."""
        self.last, self.after_heading = self.written_last, False
        held, self.held = self.held, []
        for element in held if self.last is not None else []:
            self.add(element)

    def add(self, element: Element) -> None:
        if self.last is None:
            self.held.append(element)
        elif element.type is T.SYNOPSIS and self.after_heading:
            properties = self.last.find("SceneProperties")
            if properties is None:
                properties = ET.Element("SceneProperties")
                _insert_before_text(self.last, properties)
                ET.SubElement(properties, "Summary")
            _text_paragraphs(properties.find("Summary"), element.text)
        else:
            self._note(element.text)

    def _note(self, text: str) -> None:
        self.count += 1
        note = ET.Element("ScriptNote", ID=str(self.count))
        _insert_before_text(self.last, note)
        _text_paragraphs(note, text)


def _insert_before_text(paragraph: ET.Element, child: ET.Element) -> None:
    # Where afterwriting's Final Draft samples have them: before the paragraph's own text.
    texts = [n for n, node in enumerate(paragraph) if node.tag == "Text"]
    paragraph.insert(texts[0] if texts else len(paragraph), child)


def _text_paragraphs(parent: ET.Element, text: str) -> None:
    for line in text.split("\n"):
        if line.strip():
            ET.SubElement(ET.SubElement(parent, "Paragraph"), "Text").text = line.strip()


_INLINE_NOTE = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)


def read_fdx(data: bytes | str, name: str = "the file") -> Screenplay:
    """Read a Final Draft file. Each element's lines are those of its `<Paragraph>` in the
    FDX file (0-based, as everywhere), so a scene's line is where the user finds it there.

    Only a paragraph's own `<Text>` runs are its text. Its `<ScriptNote>`s become notes:
    inline `[[...]]` in action and dialogue, a note paragraph after a scene heading or
    transition, and after the whole speech for a character cue or parenthetical (so the
    speech stays one). A scene's `<SceneProperties><Summary>` becomes synopses after its
    heading. A "Shot" paragraph is action: Fountain has no shots, and it starts no scene.
    """
    root, lines = _parse_xml(data, name)
    if root.tag != "FinalDraft":
        raise ScreenplayError(f"{name} is XML but not a Final Draft file (<{root.tag}>)")
    elements: list[Element] = []
    after_speech: list[Element] = []  # notes held back until the speech they belong to ends
    content = root.find("Content")
    for paragraph in content.findall("Paragraph") if content is not None else []:
        line = lines.get(paragraph, (0, 0))
        dual = paragraph.find("DualDialogue")
        if dual is not None:
            side = 0
            for part in dual.findall("Paragraph"):
                read = _read_paragraph(part, lines.get(part, line))
                if read.element is None:
                    continue
                side += read.element.type is T.CHARACTER
                read.element.dual = min(side, 2)
                elements.append(read.element)
                after_speech += read.notes
            continue
        read = _read_paragraph(paragraph, line)
        kind = read.element.type if read.element is not None else None
        if kind not in (T.PARENTHETICAL, T.DIALOGUE):
            elements += after_speech
            after_speech = []
        if paragraph.get("StartsNewPage") == "Yes" and elements:
            elements.append(Element(T.PAGE_BREAK, "", line[0], line[0]))
        if read.element is not None:
            elements.append(read.element)
        if kind in (T.CHARACTER, T.PARENTHETICAL, T.DIALOGUE):
            after_speech += read.notes
        else:
            elements += read.notes
    elements += after_speech
    line_count = data.count(b"\n" if isinstance(data, bytes) else "\n") + 1
    return Screenplay(elements, _read_title_page(root), line_count)


def _parse_xml(data: bytes | str, name: str) -> tuple[ET.Element, dict[ET.Element, tuple]]:
    """The XML tree and, for each element, its (first line, end line) in the file, 0-based
    and end exclusive. Expat, as ElementTree uses it: no external entities, no entity bombs."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.buffer_text = True  # one data call per text node, not per line
    lines: dict[ET.Element, tuple[int, int]] = {}
    opened: list[tuple[ET.Element, int]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        opened.append((builder.start(tag, attrs), parser.CurrentLineNumber - 1))

    def end(tag: str) -> None:
        node, first = opened.pop()
        builder.end(tag)
        lines[node] = (first, parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
        return builder.close(), lines
    except (expat.ExpatError, AssertionError) as exc:  # TreeBuilder asserts on no root
        raise ScreenplayError(f"{name} is not a Final Draft file: {exc}") from None


@dataclass
class _Read:
    element: Element | None
    notes: list[Element]  # notes and synopses that follow the element in the script


def _read_paragraph(paragraph: ET.Element, line: tuple[int, int]) -> _Read:
    element = _element(paragraph)
    if element is not None:
        element.start_line, element.end_line = line
    notes = [
        Element(T.NOTE, text, line[0], line[1])
        for text in (_notes_text(note) for note in paragraph.findall("ScriptNote"))
        if text
    ]
    if element is not None and notes and element.type in _INLINE_NOTES:
        element.text += "".join(f" [[{note.text}]]" for note in notes)
        notes = []
    synopses = [
        Element(T.SYNOPSIS, text, line[0], line[1])
        for summary in paragraph.findall("SceneProperties/Summary")
        for text in (_own_text(p).strip() for p in summary.findall("Paragraph"))
        if text
    ]
    return _Read(element, notes + synopses)


# Where Fountain allows a [[note]] inside the text without changing what the text is.
_INLINE_NOTES = frozenset({T.ACTION, T.DIALOGUE, T.LYRICS, T.CENTERED})


def _notes_text(note: ET.Element) -> str:
    paragraphs = (_own_text(p).strip() for p in note.findall("Paragraph"))
    # "]]" would end the note early; a blank line would end its paragraph.
    return "\n".join(p for p in paragraphs if p).replace("]]", "] ]")


def _own_text(paragraph: ET.Element) -> str:
    """A paragraph's own text: its <Text> children, not text nested in notes or summaries."""
    return "".join(node.text or "" for node in paragraph.findall("Text"))


_DROPPED = frozenset({T.BONEYARD})  # and sections, which only place notes (write_fdx)


def _paragraph(parent: ET.Element, element: Element, new_page: bool) -> ET.Element:
    kind = _TYPES.get(element.type, "Action")
    attrs = {"Type": kind}
    if element.type is T.CENTERED:
        attrs["Alignment"] = "Center"
    if element.scene_number:
        attrs["Number"] = element.scene_number
    if new_page:
        attrs["StartsNewPage"] = "Yes"
    paragraph = ET.SubElement(parent, "Paragraph", attrs)
    for text, style in runs(element.text) or [("", "")]:
        node = ET.SubElement(paragraph, "Text")
        if style:
            node.set("Style", "+".join(_STYLE_NAMES[s] for s in style))
        node.text = text
    return paragraph


def _element(paragraph: ET.Element) -> Element | None:
    kind = _FROM_FDX.get(paragraph.get("Type", "Action"), T.ACTION)
    if kind is T.ACTION and paragraph.get("Alignment") == "Center":
        kind = T.CENTERED
    text = "".join(_marked(node) for node in paragraph.findall("Text"))
    if not text.strip() and kind is not T.ACTION:
        return None
    text = text.strip("\n")
    if kind is T.SCENE_HEADING:
        text = " ".join(text.split("\n"))  # a heading is one line in Fountain
    return Element(kind, text, scene_number=paragraph.get("Number", ""))


def _marked(node: ET.Element) -> str:
    style = "".join(k for k, v in _STYLE_NAMES.items() if v in (node.get("Style") or ""))
    text = node.text or ""
    return markup(text, style) if style and text.strip() else text


def _title_page(root: ET.Element, page: TitlePage) -> None:
    content = ET.SubElement(ET.SubElement(root, "TitlePage"), "Content")
    for key, value in page.fields:
        alignment = "Left" if key in _TITLE_BOTTOM_LEFT else "Center"
        if key not in _TITLE_ORDER and key not in _TITLE_BOTTOM_LEFT:
            alignment = "Right"
        paragraph = ET.SubElement(content, "Paragraph", Alignment=alignment, Key=key)
        ET.SubElement(paragraph, "Text").text = value


def _read_title_page(root: ET.Element) -> TitlePage:
    """Our own export names each field (Key=...); Final Draft's own title pages are free
    text, so their first centred line becomes the title and the rest notes."""
    fields: list[tuple[str, str]] = []
    free: list[str] = []
    for paragraph in root.findall("./TitlePage/Content/Paragraph"):
        text = _own_text(paragraph).strip()
        if not text:
            continue
        key = paragraph.get("Key")
        if key:
            fields.append((key, text))
        elif not fields and not free:
            fields.append(("Title", text))
        else:
            free.append(text)
    if free:
        fields.append(("Notes", "\n".join(free)))
    return TitlePage(fields)
