"""Turning what a person typed (a flag, a form field) into domain values, with one clear error
for each mistake."""
