"""Business logic: no Flask request here, only the database, storage and the queue."""
