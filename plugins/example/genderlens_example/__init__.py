"""Template genderlens plugin: the ``first_speaker`` metric."""
