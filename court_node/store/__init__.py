"""The court node's persistence: SQLAlchemy Core over SQLite by default (any SQLAlchemy URL later)."""
