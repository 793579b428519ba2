"""The public outlet pages, published when the editorial settings say so (publishing.py)."""
