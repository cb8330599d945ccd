"""Reading inputs: directories, text, HTML, JSONL, WARC/WET, live crawl -> Page objects."""
