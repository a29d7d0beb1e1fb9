"""Text: character normalization, the one sentence splitter, numerals and the comparison key."""
