"""Reminders without the app open (adapter): timers, desktop notifications, calendar files."""
