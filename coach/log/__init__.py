"""The session log: one SQLite file, its one connection per process, migrations, sessions, check-ins and declared days."""
