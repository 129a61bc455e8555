"""Plans: a therapist's prescription of routines by day, times a day and weeks (pure)."""
