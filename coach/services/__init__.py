"""Use cases both front ends call (below cli/ and tui/, which never import each other)."""
