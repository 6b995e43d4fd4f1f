"""The reel's layout rule and what its panels ask generators for."""
