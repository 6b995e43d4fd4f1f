"""speech.tts: text to speech with VITS / MMS-TTS (transformers' VitsModel), a voice per speaker."""

from .generator import SpeechTTS

GENERATORS = [SpeechTTS]
