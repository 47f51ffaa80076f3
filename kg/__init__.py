"""Knowledge graph builder for public-accountability news about SEND services."""

__version__ = "0.1.0"
