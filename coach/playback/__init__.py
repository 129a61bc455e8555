"""The timeline a routine compiles to and the player state machine over it (pure)."""
