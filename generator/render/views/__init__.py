"""Views: what each output shows, as plain data made from the model, one function per kind of page.

Templates read only their view (and the words of `strings`, the addresses of `region.paths` and pure
formatting filters), never the model: so a page's source is a function of its view and the template set,
and a page whose view did not change need not be rendered again (`site/memo.py`).
"""
