"""Files shipped with pathtui for other tools: the JSON Schema for path files."""
