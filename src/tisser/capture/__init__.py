"""Capture: the journal filled from mail, calendars and chat exports, on the user's machine."""
