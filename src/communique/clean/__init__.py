"""From a page to its own article: the site boilerplate model, segmentation, duplicates."""
