"""Versioned data files: registry, countries, title words, cue lexicons."""
