"""No models: the API reads and writes through the other apps' services and selectors."""
