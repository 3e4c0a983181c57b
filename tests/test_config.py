from __future__ import annotations

import pytest

from genderlens.config import Config, load_config
from genderlens.errors import ConfigError
from genderlens.model import Role


def test_defaults_without_files(tmp_path):
    config = load_config(cwd=tmp_path)
    assert (config.target, config.tolerance, config.min_share, config.min_panel_size) == (0.5, 0.1, None, 3)


def test_pyproject_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.genderlens]\nmin_share = 0.3333\n[tool.genderlens.roles.chair]\n'
        "at_least_one_woman = true\n",
        encoding="utf-8",
    )
    config = load_config(cwd=tmp_path)
    assert config.min_share == pytest.approx(1 / 3, abs=1e-3)
    assert config.roles[Role.CHAIR].at_least_one_woman is True
    assert config.source == str(tmp_path / "pyproject.toml")


def test_genderlens_toml_wins_and_takes_top_level_keys(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.genderlens]\ntarget = 0.45\n", encoding="utf-8")
    (tmp_path / "genderlens.toml").write_text("tolerance = 0.05\n", encoding="utf-8")
    config = load_config(cwd=tmp_path)
    assert (config.target, config.tolerance) == (0.5, 0.05)


def test_pyproject_without_table_gives_defaults(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config(cwd=tmp_path) == Config()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("target = 50\n", "target: Input should be less than or equal to 1"),
        ("tolerance = 0.3\ntarget = 0.9\n", "target 0.9 ± tolerance 0.3 leaves [0, 1]"),
        ("targt = 0.5\n", "targt: Extra inputs are not permitted"),
        ("[roles.dancer]\nmin_share = 0.3\n", "roles.dancer"),
        ("target = [\n", "invalid TOML"),
    ],
)
def test_bad_settings_name_file_and_key(tmp_path, toml, message):
    path = tmp_path / "genderlens.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_explicit_file_must_have_the_table(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no \[tool.genderlens\] table"):
        load_config(path)


def test_rule_for_falls_back_to_event_settings():
    config = Config(min_share=0.3, roles={Role.MODERATOR: {"min_share": 0.5}})
    assert config.rule_for(Role.MODERATOR).min_share == 0.5
    assert config.rule_for(Role.CHAIR).min_share == 0.3
    assert config.rule_for(Role.CHAIR).target == 0.5


def test_overrides_are_validated():
    assert Config().with_overrides(target=0.4, tolerance=None).target == 0.4
    with pytest.raises(ConfigError, match="min_panel_size"):
        Config().with_overrides(min_panel_size=0)
