"""Foundations every layer may use: problems and did-you-mean, text that is data (safe_text), field specs, the safe YAML reader, bounded file reads, atomic outputs, the vocabulary."""
