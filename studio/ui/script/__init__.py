"""The Script panel: a Fountain editor linked to the document's scenes, shots and the text model."""
