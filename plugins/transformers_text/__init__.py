"""transformers.text: any Hugging Face causal language model as a streaming text generator."""

from .generator import TransformersText

GENERATORS = [TransformersText]
