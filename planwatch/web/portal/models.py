"""No models: this app only serves pages."""
