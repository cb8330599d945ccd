"""Language-specific data, one module per language (``en``, ``ru``), looked up by the extraction components.

Components ask for the data of the article's language instead of branching on ``lang``; a module holds
only data (word lists as lemmas, patterns) and says why an entry is there.
"""
