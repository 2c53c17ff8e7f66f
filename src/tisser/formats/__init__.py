"""Outside formats: each module turns bytes into core objects and reports what it could not
read (ARCHITECTURE.md: keep outside formats behind ``formats/``)."""
