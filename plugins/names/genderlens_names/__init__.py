"""Opt-in name inference for genderlens: a given name's statistics, with abstention (``genderlens-names``)."""

from genderlens_names.infer import NameInference
from genderlens_names.statistics import NameStat, NameStatistics, TsvStatistics

__all__ = ["NameInference", "NameStat", "NameStatistics", "TsvStatistics"]
