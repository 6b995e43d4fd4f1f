"""Video clips for storyboard shots: their edits, requests and take frames."""
