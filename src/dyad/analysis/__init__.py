"""Article -> facts. One module per stage; `pipeline.analyze` runs them in order."""
