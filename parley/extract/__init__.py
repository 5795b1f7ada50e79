"""Extraction: one spaCy pipeline with parley's registered components, one per facet."""
