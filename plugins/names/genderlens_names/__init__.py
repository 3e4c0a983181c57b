"""Opt-in name inference for genderlens (``genderlens-names``).

Nothing is imported here, so an installed but disabled plugin costs genderlens one tiny module import.
Use :class:`genderlens_names.infer.NameInference` over a :class:`genderlens_names.statistics.NameStatistics`.
"""
