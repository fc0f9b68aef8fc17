"""The fact finders (dates, counts, percents, organisations, references) and the spaCy pipeline that runs them."""
