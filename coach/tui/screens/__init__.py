"""Screens of the coach app, one module each."""
