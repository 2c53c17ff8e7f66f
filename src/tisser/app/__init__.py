"""Use cases under the command line and the web: plain values and the store in, results out."""
