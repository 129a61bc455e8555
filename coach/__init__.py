"""coach: a guided breathing and stretching coach for the terminal."""

__version__ = "0.1.0"
