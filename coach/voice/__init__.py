"""Speech: synthesis through the espeak-ng engine child process, the cue cache, the player command, the whole-routine audio track."""
