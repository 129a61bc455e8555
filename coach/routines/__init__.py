"""Routine files: the safe reader, field specs, the model, the linter, the JSON Schema, the template and the library of folders."""
