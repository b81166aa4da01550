"""Synthetic regions and the build benchmark (`make bench`); nothing here is published."""
