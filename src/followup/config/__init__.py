"""Configuration: settings as data, the files the app writes for the user, the clock."""
