"""parley: follow a negotiation through the news.

Reports in (text, JSON Lines, HTML, feeds); one sourced knowledge base of actors, roles, quotes, events and
positions out. The library is the product; ``parley.cli`` is a thin skin over :mod:`parley.api`.
"""

__version__ = "0.1.0"
