"""Looking back: streaks that tolerate flare days, pain trends, the calendar, the therapist report (pure)."""
