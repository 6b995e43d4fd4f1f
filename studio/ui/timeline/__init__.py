"""The timeline panel: ruler, track headers and the custom-painted clip canvas."""
