"""The check-in, the red-flag screen, suggestions and the one gate before exercise (pure)."""
