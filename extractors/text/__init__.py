"""Text utilities every room of extractors/ may use: normal forms, numbers, sentences, hashing, signs."""
