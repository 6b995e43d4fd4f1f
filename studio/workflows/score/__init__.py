"""The score: ranges, fused prompts, fitting to the cut, refits, analysis, mixdown."""
