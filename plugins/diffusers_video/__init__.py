"""diffusers.video: text → video and image → video with Wan 2.x, LTX-Video and CogVideoX.

The default model is Wan 2.2 TI2V 5B (`Wan-AI/Wan2.2-TI2V-5B-Diffusers`): one download that
makes video from text and from a storyboard frame, at 24 fps (a film project's rate, so no
resampling) and 1280×704, and that runs on a 24 GB GPU (12–16 GB with CPU offload). It is what
people run locally today for both jobs. Named alternatives (docs/clips.md): Wan 2.1 T2V 1.3B
(text only, 16 fps, fits 8 GB), LTX-Video (the fastest), CogVideoX 5B (T2V and I2V repos).
"""

from .generator import DiffusersVideo

GENERATORS = [DiffusersVideo]
