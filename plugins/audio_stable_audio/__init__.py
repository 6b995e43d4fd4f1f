"""audio.stable-audio: text to music and sound with diffusers' StableAudioPipeline."""

from .generator import StableAudio

GENERATORS = [StableAudio]
