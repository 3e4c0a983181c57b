"""Which text encoding a spreadsheet export is in: any encoding Excel writes, or a one-line refusal.

Excel writes UTF-8 (with a byte-order mark), UTF-16 ("Unicode text"), or the Windows code page of the
machine: cp1252 (Western), cp1251 (Cyrillic), GBK (simplified Chinese), Big5 (traditional Chinese),
Shift-JIS (Japanese), cp949 (Korean; EUC-KR plus the unified Hangul code). Legacy code pages overlap:
most byte strings decode without error in several of them. So each candidate must decode the sample
strictly *and* give plausible text: common Chinese or Japanese characters for the Chinese and Japanese
code pages, common Hangul syllables for Korean, lowercase Cyrillic words for cp1251, accented letters
inside Latin words for cp1252. When none is plausible the file is refused, with the setting that names
the encoding (``[tool.genderlens] encoding = "..."``), rather than read as mojibake whose gender answers
would all be "unknown".
"""

from __future__ import annotations

import codecs
import itertools
import re

#: Candidate legacy encodings, in the order a tie is broken.
LEGACY = ("gb18030", "big5", "cp932", "cp949", "cp1251", "cp1252")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CJK = frozenset({"gb18030", "big5", "cp932", "cp949"})
_NAMES = {
    "gb18030": "GBK",
    "big5": "Big5",
    "cp932": "Shift-JIS",
    "cp949": "Korean (cp949)",
    "cp1251": "cp1251",
    "cp1252": "cp1252",
}

# Frequent characters of Chinese and Japanese spreadsheets of people: surnames, gender answers, header
# words and the commonest words. Text decoded with the wrong CJK code page is rare characters instead.
_COMMON_CJK = frozenset(
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"
    "里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已"
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧蕭葉蘇呂盧鍾譚陸賈韋鄒龔錢嚴湯羅"
    "女男性别別姓名会议會議演讲講者主持人席题目題時间間日期单位單位所属屬职務职位組织織机構構国籍電话話"
    "邮郵箱件地址备注備註类型類型会场場分论論坛壇专家專家学者教授博士先生小姐女士长長副部司处處员員"
    "佐藤鈴木高橋渡辺伊山本中村小林加吉田松井上清水山崎森池阿部石川前藤岡後近坂遠青西原太郎子美"
    "のにはをたがでてとしれさあいうえおかきくけこなもるからすまりんっ名前氏会社属性役割講演座長司会者"
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンー"
)
# Frequent Hangul syllables of Korean spreadsheets of people: the commonest syllables of running text,
# surnames and given names, gender answers and header words. Chinese or Japanese bytes read as cp949 give
# Hangul too, but mostly rare syllables.
_COMMON_HANGUL = frozenset(
    "이다는의에고하을가지한서기로대사자도리를수일어아시나정적인국전부해상들성과게보제회주여원라장구동만오"
    "있우내소문신연화무방위경관마스으중것면조생세비발실유개학계간미안트공까결요영행치음물그모체은요될"
    "김박최강윤임황송류홍양손배백허남심노곽차민진엄채천현함변염추석선설길표명반왕금옥육맹탁편용권"
    "준현영진호경희혜재훈철태빈혁규찬슬은별예름성직역할발표토론좌션간날짜목록메일관회의속직급번호남녀"
)
_GENDER_CELL = re.compile(r"(?:^|[,;\t|\n])(?:女|男|女性|男性)(?:[,;\t|\r\n]|$)")
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюя")
_WESTERN_MARKS = frozenset("\u00a0–—‘’‚“”„«»‹›€£°§…•™®©")


def _cjk_score(text: str) -> float:
    """Share of CJK characters that are common ones; 1 for a gender answer (女, 男性) alone in a cell.

    With fewer than two CJK characters, only such a cell counts: one common character inside a word is
    as likely a Western letter read in the wrong code page.
    """
    cjk = [c for c in text if ord(c) >= 0x3000]
    halfwidth = sum(0xFF61 <= ord(c) <= 0xFF9F for c in cjk)
    score = max(0.0, (sum(c in _COMMON_CJK for c in cjk) - halfwidth) / len(cjk)) if len(cjk) >= 2 else 0.0
    if _GENDER_CELL.search(text) and (score >= 0.5 or len(cjk) < 2):
        return 1.0
    return score


def _hangul_score(text: str) -> float:
    """Share of Hangul syllables that are common ones, when the text's non-ASCII letters are Hangul; 1 for a
    gender answer (여, 남성) alone in a cell."""
    high = [c for c in text if ord(c) >= 0x80 and not c.isspace()]
    hangul = [c for c in high if "\uac00" <= c <= "\ud7a3"]
    if not hangul or len(hangul) < 0.8 * len(high):
        return 0.0
    if _KOREAN_GENDER_CELL.search(text):
        return 1.0
    if len(hangul) < 2:
        return 0.0
    return sum(c in _COMMON_HANGUL for c in hangul) / len(hangul)


_KOREAN_GENDER_CELL = re.compile(r"(?:^|[,;\t|\n])(?:여|남|여성|남성|여자|남자)(?:[,;\t|\r\n]|$)")


def _cyrillic_score(text: str) -> float:
    """How much ``text`` looks like Cyrillic words: lowercase runs with vowels, no Latin letters inside."""
    high = [c for c in text if ord(c) >= 0x80]
    letters = [c for c in high if "\u0400" <= c <= "\u04ff"]
    if len(letters) < 3 or len(letters) < 0.8 * len(high):
        return 0.0
    basic = sum("\u0410" <= c <= "\u044f" or c in "ёЁіІїЇєЄґҐ" for c in letters)
    if basic < 0.9 * len(letters):
        return 0.0  # Ђ, Ѓ, Џ... are rare: a few in a row are another code page read as cp1251
    lower = [c for c in letters if c.islower()]
    vowels = sum(c in _CYRILLIC_VOWELS for c in lower) / max(1, len(lower))
    mixed = sum(a.isascii() != b.isascii() and a.isalpha() and b.isalpha() for a, b in itertools.pairwise(text))
    if not 0.25 <= vowels <= 0.65 or len(lower) < 0.5 * len(letters):
        return 0.0
    return max(0.0, 1.0 - mixed / len(letters))


def _latin_score(text: str) -> float:
    """How much ``text`` looks like Western text: accented letters inside words of ASCII letters."""
    high = [i for i, c in enumerate(text) if ord(c) >= 0x80]
    if not high:
        return 1.0
    good = 0
    for i in high:
        c = text[i]
        if not c.isalpha():
            good += c in _WESTERN_MARKS
            continue
        # Inside a word: a letter on either side (other accented letters count: "Ørsted", "Gaëlle").
        near = text[max(0, i - 1) : i + 2].replace(c, "", 1)
        good += any(n.isalpha() and ord(n) < 0x250 for n in near)
    return good / len(high)


def _plausibility(encoding: str, text: str) -> float:
    if encoding in ("gb18030", "big5", "cp932"):
        return _cjk_score(text)
    if encoding == "cp949":
        return _hangul_score(text)
    if encoding == "cp1251":
        return _cyrillic_score(text)
    return _latin_score(text)


def _strict(sample: bytes, encoding: str) -> str | None:
    try:
        return codecs.getincrementaldecoder(encoding)(errors="strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return None


def detect_legacy(sample: bytes) -> str | None:
    """The legacy code page ``sample`` is most plausibly written in, or ``None`` when none is plausible."""
    scored = []
    for encoding in LEGACY:
        text = _strict(sample, encoding)
        # Control characters other than tab and line breaks never occur in a spreadsheet's text.
        if text is not None and _CONTROL.search(text) is None:
            score = _plausibility(encoding, text)
            if score >= 0.5:
                # Text that reads as Chinese or Japanese is that: Western mojibake is never common hanzi.
                scored.append((encoding in _CJK, score, -LEGACY.index(encoding), encoding))
    return max(scored)[3] if scored else None


def detect_encoding(head: bytes) -> str | None:
    """The encoding of a file starting with ``head``: BOM, NUL patterns (BOM-less UTF-16), UTF-8, or a code page.

    Returns:
        A Python codec name, or ``None`` when no encoding gives plausible text.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1:2] == b"\0" and head[3:4] == b"\0":
        return "utf-16-le"
    if len(head) >= 4 and head[0:1] == b"\0" and head[2:3] == b"\0":
        return "utf-16-be"
    text = _strict(head, "utf-8")
    if text is None:
        return detect_legacy(head)
    if not head.isascii() and _misread_as_utf8(text):
        # Two GBK or Big5 bytes can form a valid UTF-8 letter (女 in GBK reads as "Ů"): when the UTF-8
        # reading gives stray letters and a CJK code page gives a plausible answer, that code page wins.
        legacy = detect_legacy(head)
        if legacy in _CJK:
            return legacy
    return "utf-8"


def _misread_as_utf8(text: str) -> bool:
    """Whether UTF-8 ``text`` has only two-byte characters that make no words (not Latin, not Cyrillic)."""
    if any(ord(c) >= 0x800 for c in text):
        return False
    return _latin_score(text) < 0.5 and _cyrillic_score(text) < 0.5


def describe(encoding: str) -> str:
    """A user-facing name: ``"gb18030"`` -> ``"GBK"``."""
    return _NAMES.get(encoding, encoding)


UNREADABLE = (
    "unknown text encoding (not UTF-8, UTF-16, GBK, Big5, Shift-JIS, Korean cp949, cp1251 or cp1252); "
    'save as "CSV UTF-8" or set [tool.genderlens] encoding'
)
