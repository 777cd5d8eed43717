"""kb: a literature-mining knowledge base for battery-materials research."""
__version__ = "0.1.0"
