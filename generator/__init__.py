"""Publish the "five disclosures" of people's-congress deputy liaison stations as a static site."""
