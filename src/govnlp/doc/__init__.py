"""The data model (Gazette → … → Sentence), its JSON round trip and its flat tables."""
