"""Document stages: one module per stage family."""
