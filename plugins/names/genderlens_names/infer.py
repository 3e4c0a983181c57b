"""Infer a gender from a given name, or abstain: the decision rule, its thresholds and its exclusions.

The thresholds were chosen on half of a verified ground truth and checked on the other half (see the
README and ``tools/evaluate.py``): they keep misclassification under 2% among the women and among the
men the plugin classifies, and among people with names of every origin it can tell apart. Where the
evaluation showed it could not (given names carried by people with common Chinese and Korean surnames,
which name statistics gender poorly in romanised form), it abstains altogether.
"""

from __future__ import annotations

from dataclasses import dataclass

from genderlens.model import Gender, GenderDecision, GenderSource
from genderlens_names.parse import given_name, words
from genderlens_names.statistics import NameStatistics

#: Common Chinese (pinyin, Wade-Giles, Cantonese) and Korean (romanised) surnames, case-folded. A name
#: with any of these words is not inferred: romanised Chinese and Korean given names are gendered far
#: less reliably than the name statistics suggest (see the README's evaluation).
EAST_ASIAN_SURNAMES = words(
    """
    ahn an bae baek bai bao cai cao chai chan chang chao chen cheng cheong cheung chew chiang chien chin chiu cho choi
    chong chou choy chu chua chuang chung cui dai deng ding dong du duan fan fang feng fu gao ge gong gu
    guan guo ha han hao he heo ho hong hou hsieh hsu hu hua huang hwang jang jeon jeong jia jiang jin jo jung kim
    kang kao ko koh kong kuang kuo kwan kwok kwon lai lam lau lee leong leung li liang liao lim lin ling
    liu lo lou lu luo lv lyu ma mao meng min moon mu nam ng ni nie noh oh ou pan pang park peng qi qian qiao
    qin qiu ren ryu seo shao shen sheng shi shin shu son song su sun tan tang tao teng tian tsai tsang
    tse tseng tu wan wang wei wen wong woo wu xia xiang xiao xie xin xiong xu xue yan yang yao ye yeh yi
    yim yin yip yoo yoon yu yuan yue yun zeng zhai zhan zhang zhao zheng zhong zhou zhu zou
    """
)

#: Decide "woman" when P(woman) is at least this, and "man" when P(man) is at least ``MAN_THRESHOLD``.
WOMAN_THRESHOLD = 0.9
MAN_THRESHOLD = 0.98
#: Names seen fewer times than this in the statistics are not inferred.
MIN_COUNT = 50


@dataclass(frozen=True)
class Inference:
    """An inferred gender with its confidence, or the reason the plugin abstained."""

    gender: Gender | None
    confidence: float = 0.0
    reason: str = ""
    given: str | None = None


class NameInference:
    """The decision rule over any :class:`~genderlens_names.statistics.NameStatistics` source."""

    def __init__(
        self,
        statistics: NameStatistics,
        *,
        woman_threshold: float = WOMAN_THRESHOLD,
        man_threshold: float = MAN_THRESHOLD,
        min_count: int = MIN_COUNT,
        abstain_surnames: frozenset[str] = EAST_ASIAN_SURNAMES,
    ) -> None:
        """Use ``statistics`` with the given thresholds (the defaults are the evaluated ones)."""
        self.statistics = statistics
        self.woman_threshold = woman_threshold
        self.man_threshold = man_threshold
        self.min_count = min_count
        self.abstain_surnames = abstain_surnames

    def infer(self, name: str | None) -> Inference:
        """Infer from ``name`` (a full name in any common order), or abstain with a reason."""
        parsed = given_name(name)
        if parsed.given is None:
            return Inference(None, reason=parsed.reason or "no given name")
        if parsed.given in self.abstain_surnames or any(w in self.abstain_surnames for w in parsed.others):
            return Inference(None, reason="name origin not reliably gendered", given=parsed.given)
        stat = self.statistics.lookup(parsed.given)
        if stat is None:
            return Inference(None, reason="given name not in the statistics", given=parsed.given)
        if stat.count < self.min_count:
            return Inference(None, reason="given name too rare in the statistics", given=parsed.given)
        if stat.p_woman >= self.woman_threshold:
            return Inference(Gender.WOMAN, confidence=stat.p_woman, given=parsed.given)
        if 1 - stat.p_woman >= self.man_threshold:
            return Inference(Gender.MAN, confidence=1 - stat.p_woman, given=parsed.given)
        return Inference(None, reason="given name used by women and men", given=parsed.given)

    def decide(self, name: str | None) -> GenderDecision | None:
        """A :class:`GenderDecision` with source ``inferred``, or ``None`` (abstain)."""
        found = self.infer(name)
        if found.gender is None:
            return None
        return GenderDecision(
            gender=found.gender,
            source=GenderSource.INFERRED,
            confidence=round(found.confidence, 3),
            detail=f"given name {found.given!r}",
        )
