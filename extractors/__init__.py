"""Pure extraction: files → `Document` → `Fact`s. No Prefect, no database."""
