"""The script: breakdown into scenes and shots, analysis, writing prompts, files."""
