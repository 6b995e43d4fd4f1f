"""What the app does, feature by feature, without Qt: requests, fusion, edits, fitting."""
