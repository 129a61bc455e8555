"""The Textual app: home (routine list), routine detail and the player screens."""
