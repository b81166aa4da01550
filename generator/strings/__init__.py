"""Every sentence a resident or clerk reads, in one place per reader.

- `site`: the words on the site, for residents (`UI` and the tables beside it);
- `messages`: what the commands tell clerks: validation and import messages (`ERR`),
  the change summary of a pull request (`CHANGES`);
- `guide`: what explains the work to clerks: the generated guide pages and the
  comments of the files `new-station` writes.

Code and templates refer to keys, never to inline Chinese, so wording is
reviewed and changed here only.
"""
