"""Final Draft (.fdx) import and export: its XML paragraphs to and from our elements.

FDX has no sections, synopses or boneyard, and keeps notes apart from the text
(ScriptNotes), so export leaves those out; everything else round-trips. Emphasis maps to
Text runs with Style="Bold+Italic+Underline". The standard library's expat parser does not
fetch external entities and refuses entity expansion bombs, so untrusted files are safe.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

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
    "Shot": T.SCENE_HEADING,
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
    i = 0
    new_page = False
    while i < len(elements):
        element = elements[i]
        if element.type is T.PAGE_BREAK:
            new_page, i = True, i + 1
            continue
        if element.dual == 1:
            end = i
            while end < len(elements) and elements[end].dual:
                end += 1
            holder = ET.SubElement(content, "Paragraph")
            dual = ET.SubElement(holder, "DualDialogue")
            for part in elements[i:end]:
                _paragraph(dual, part, False)
            i = end
            continue
        _paragraph(content, element, new_page)
        new_page = False
        i += 1
    if screenplay.title_page:
        _title_page(root, screenplay.title_page)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n' + ET.tostring(
        root, encoding="utf-8"
    )


def read_fdx(data: bytes | str, name: str = "the file") -> Screenplay:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ScreenplayError(f"{name} is not a Final Draft file: {exc}") from None
    if root.tag != "FinalDraft":
        raise ScreenplayError(f"{name} is XML but not a Final Draft file (<{root.tag}>)")
    elements: list[Element] = []
    content = root.find("Content")
    for paragraph in content.findall("Paragraph") if content is not None else []:
        dual = paragraph.find("DualDialogue")
        if dual is not None:
            speeches = [_element(p) for p in dual.findall("Paragraph")]
            side = 0
            for element in speeches:
                if element is None:
                    continue
                side += element.type is T.CHARACTER
                element.dual = min(side, 2)
                elements.append(element)
            continue
        if paragraph.get("StartsNewPage") == "Yes" and elements:
            elements.append(Element(T.PAGE_BREAK, ""))
        element = _element(paragraph)
        if element is not None:
            elements.append(element)
    for n, element in enumerate(elements):
        element.start_line, element.end_line = n, n + 1  # paragraph numbers stand in for lines
    return Screenplay(elements, _read_title_page(root), len(elements))


_DROPPED = frozenset({T.SECTION, T.SYNOPSIS, T.NOTE, T.BONEYARD})


def _paragraph(parent: ET.Element, element: Element, new_page: bool) -> None:
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


def _element(paragraph: ET.Element) -> Element | None:
    kind = _FROM_FDX.get(paragraph.get("Type", "Action"), T.ACTION)
    if kind is T.ACTION and paragraph.get("Alignment") == "Center":
        kind = T.CENTERED
    text = "".join(_marked(node) for node in paragraph.iter("Text"))
    if not text.strip() and kind is not T.ACTION:
        return None
    return Element(kind, text.strip("\n"), scene_number=paragraph.get("Number", ""))


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
        text = "".join(node.text or "" for node in paragraph.iter("Text")).strip()
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
