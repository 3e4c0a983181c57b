"""Settings: targets, per-role rules, column mappings and privacy, from ``[tool.genderlens]``.

Looked up in this order: an explicit ``--config FILE``; ``genderlens.toml`` in the working
directory (keys at top level or under ``[tool.genderlens]``); ``pyproject.toml``'s
``[tool.genderlens]``; otherwise the defaults below.
"""

from __future__ import annotations

import codecs
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from genderlens.answers import normalise
from genderlens.errors import MAX_QUOTE, AdapterError, ConfigError, quote
from genderlens.files import DEFAULT_MAX_FILE_MB, DEFAULT_MAX_RESPONSE_MB, MAX_SETTINGS_BYTES, MB, read_regular
from genderlens.model import Gender, Role

Fraction = float


class RoleRule(BaseModel):
    """Targets for one role, overriding the event-wide ones for that role's metric."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target: float | None = Field(default=None, ge=0, le=1)
    tolerance: float | None = Field(default=None, ge=0, le=0.5)
    min_share: float | None = Field(default=None, ge=0, le=1)
    at_least_one_woman: bool | None = None
    """Flag the event when nobody in this role is a woman."""


class LintConfig(BaseModel):
    """``[tool.genderlens.lint]``: word lists for ``genderlens lint``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    extra: dict[str, str] = Field(default_factory=dict)
    """More terms to flag, with their suggestion: ``extra = {"cameraman" = "camera operator"}``."""
    ignore: tuple[str, ...] = ()
    """Built-in terms not to flag (case-insensitive), e.g. ``ignore = ["manpower"]``."""


class Limits(BaseModel):
    """``[tool.genderlens.limits]``: what one input may cost (see SECURITY.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_mb: float = Field(default=DEFAULT_MAX_FILE_MB, gt=0)
    """Largest programme, registration or roster file read, in MB."""
    max_response_mb: float = Field(default=DEFAULT_MAX_RESPONSE_MB, gt=0)
    """Largest decoded answer accepted from a server (Indico), in MB."""

    @property
    def max_file_bytes(self) -> int:
        """``max_file_mb`` in bytes."""
        return int(self.max_file_mb * MB)

    @property
    def max_response_bytes(self) -> int:
        """``max_response_mb`` in bytes."""
        return int(self.max_response_mb * MB)


class Config(BaseModel):
    """All genderlens settings. Shares are fractions in [0, 1] (write 0.5, not 50)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target: float = Field(default=0.5, ge=0, le=1)
    """The parity target for the share of women."""
    tolerance: float = Field(default=0.10, ge=0, le=0.5)
    """Half-width of the accepted band around ``target`` (0.10 accepts 40%-60%)."""
    min_share: float | None = Field(default=None, ge=0, le=1)
    """A floor for the share of women in every judged session and event-wide metric (e.g. 0.3333)."""
    at_least_one_woman: bool = True
    """Flag panels with no woman (all-male panels)."""
    min_panel_size: int = Field(default=3, ge=1)
    """Sessions with fewer people of known gender than this are reported but not judged."""
    min_known: int = Field(default=3, ge=1)
    """Event-wide figures (speakers, leadership, a role...) with fewer people of known gender than this
    are not judged: shown, never a miss. Same default as ``min_panel_size``: a share of one or two people
    says nothing about balance."""
    min_coverage: float = Field(default=0.5, ge=0, le=1)
    """The gate for a verdict: with gender known for fewer than this share of the people (or
    registrations) read, or of the people an event-wide figure counts, the verdict is *cannot tell*.

    The default, one half, asks that the people whose gender is known be at least as many as those
    whose gender is not: below that, a share describes a minority of the people it claims to describe,
    and the unknown could turn any result around (see :mod:`genderlens.rules`). Set it higher (0.8) to
    demand better data; 0 turns the gate off."""
    roles: dict[Role, RoleRule] = Field(default_factory=dict)
    columns: dict[str, str | list[str]] = Field(default_factory=dict)
    """CSV/XLSX column mapping: genderlens field -> header in the file (e.g. ``gender = "Sexe"``); the
    ``ignore`` key lists headers to leave unread (``ignore = ["Speaker 2"]``)."""
    role_codes: dict[str, str] = Field(default_factory=dict)
    """CSV/XLSX role codes: cell value -> role (``c = "chair"``), or ``"ignore"`` to leave those rows out."""
    encoding: str | None = None
    """CSV text encoding (``"gbk"``, ``"shift_jis"``...), when detection picks the wrong one."""
    max_cell_kb: int = Field(default=100, ge=1)
    """The longest CSV/XLSX cell read, in KiB; a longer one (a runaway quote, a pasted file) is an error."""
    genders: dict[str, Gender] = Field(default_factory=dict)
    """Gender answers the built-in vocabulary does not read -> woman, man, nonbinary, undisclosed, or
    unknown (nobody answered): ``[tool.genderlens.genders]`` ``Varon = "man"``, ``"Divers" = "nonbinary"``."""
    gender_collected: Literal["self-declared", "organiser", "inferred"] | None = None
    """How the gender columns of input files were filled in. Unset, their answers are reported as "from
    the file's gender column"; form answers that people gave themselves (Indico) are self-declared anyway."""
    min_cell: int = Field(default=0, ge=0)
    """Suppress counts below this number in every output (small-cell suppression)."""
    show_names: bool = False
    # Not default_factory=list: pydantic reads the factory's signature, and list's is parsed from text (~1.5 ms).
    roster: list[str] = Field(default_factory=lambda: [])
    infer_names: bool = False
    """Let an installed name-inference plugin (``genderlens-names``) guess genders from given names where
    nothing else tells; off by default. Inferred genders are counted and reported apart."""
    """Roster CSV files of self-declared genders by name or e-mail (paths relative to this file)."""
    lint: LintConfig = LintConfig()
    """Word lists for ``genderlens lint``."""
    adapter: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Per-adapter options, e.g. ``[tool.genderlens.adapter.indico] timeout = 20``."""
    limits: Limits = Limits()
    """Size limits on files and server answers."""
    source: str | None = Field(default=None, exclude=True)
    """The file the settings came from (for messages)."""

    @field_validator("genders")
    @classmethod
    def _answers_have_words(cls, genders: dict[str, Gender]) -> dict[str, Gender]:
        for answer in genders:
            if not normalise(answer):
                msg = f"{answer!r} is blank once case, accents and punctuation are set aside"
                raise ValueError(msg)
        return genders

    @model_validator(mode="after")
    def _columns_are_headers(self) -> Config:
        for key, value in self.columns.items():
            if (key == "ignore") != isinstance(value, list):
                msg = f"columns.{key}: {'a list of headers' if key == 'ignore' else 'one header (a string)'} expected"
                raise ValueError(msg)
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                msg = f"unknown encoding {self.encoding!r}"
                raise ValueError(msg) from None
        return self

    @model_validator(mode="after")
    def _band_is_possible(self) -> Config:
        if self.target - self.tolerance < 0 or self.target + self.tolerance > 1:
            msg = f"target {self.target} ± tolerance {self.tolerance} leaves [0, 1]"
            raise ValueError(msg)
        return self

    def rule_for(self, role: Role) -> RoleRule:
        """The rule for ``role``, with unset fields falling back to the event-wide settings."""
        own = self.roles.get(role, RoleRule())
        return RoleRule(
            target=own.target if own.target is not None else self.target,
            tolerance=own.tolerance if own.tolerance is not None else self.tolerance,
            min_share=own.min_share if own.min_share is not None else self.min_share,
            at_least_one_woman=own.at_least_one_woman if own.at_least_one_woman is not None else False,
        )

    def with_overrides(self, **overrides: Any) -> Config:
        """A validated copy with the non-None ``overrides`` applied (CLI flags win over files)."""
        data = self.model_dump()
        data.update({k: v for k, v in overrides.items() if v is not None})
        data["source"] = self.source
        return validate(data, where=self.source or "command line")


def validate(data: dict[str, Any], *, where: str) -> Config:
    """Build a :class:`Config`, turning validation errors into a one-line :class:`ConfigError`."""
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "tool.genderlens"
        if len(loc) > MAX_QUOTE or not loc.isprintable():  # a key from the file: quote it, shortened
            loc = quote(loc)
        msg = f"{where}: {loc}: {first['msg']}"
        raise ConfigError(msg) from exc


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = read_regular(path, max_bytes=MAX_SETTINGS_BYTES).decode("utf-8")
        return tomllib.loads(text)
    except AdapterError as exc:
        raise ConfigError(str(exc)) from exc
    except UnicodeDecodeError as exc:
        msg = f"{path}: invalid TOML: not UTF-8 text (byte {exc.start})"
        raise ConfigError(msg) from exc
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path}: invalid TOML: {exc}"
        raise ConfigError(msg) from exc
    except RecursionError as exc:
        msg = f"{path}: invalid TOML: nested too deeply"
        raise ConfigError(msg) from exc


def load_config(path: str | Path | None = None, *, cwd: str | Path | None = None) -> Config:
    """Load settings from ``path``, or find them in ``cwd`` (see the module docstring).

    Raises:
        ConfigError: The file cannot be read, is not TOML, or holds an invalid setting.
    """
    base = Path(cwd) if cwd is not None else Path.cwd()
    if path is not None:
        candidates = [Path(path)]
    else:
        candidates = [p for p in (base / "genderlens.toml", base / "pyproject.toml") if p.is_file()]
    for candidate in candidates:
        doc = _read_toml(candidate)
        tool = doc.get("tool", {})
        if not isinstance(tool, dict):
            msg = f"{candidate}: tool: must be a table"
            raise ConfigError(msg)
        table = tool.get("genderlens")
        if table is None and candidate.name != "pyproject.toml":
            table = {k: v for k, v in doc.items() if k != "tool"}
        if table is None:
            if path is not None:
                msg = f"{candidate}: no [tool.genderlens] table"
                raise ConfigError(msg)
            continue
        if not isinstance(table, dict):
            msg = f"{candidate}: tool.genderlens: must be a table"
            raise ConfigError(msg)
        return validate({**table, "source": str(candidate)}, where=str(candidate))
    return Config()
