"""The command line: parse, call one service, format (human or --json)."""
