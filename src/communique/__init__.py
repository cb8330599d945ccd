"""communique: a crawl of an institution's news site in, a clean, time-aware knowledge base out."""

__version__ = "0.1.0"
