"""Widgets of the coach app, one module each."""
