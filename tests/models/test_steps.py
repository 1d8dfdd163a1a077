"""Named steps of a number: below a limit, or up to it with ``inclusive``."""

import pytest

from saywho.models.steps import Steps


def test_a_number_falls_in_the_first_step_it_stays_below() -> None:
    steps = Steps((0.1, 0.5))
    assert [steps(x) for x in (0.0, 0.1, 0.3, 0.5, 0.9)] == ["0.1", "0.5", "0.5", "hi", "hi"]


def test_inclusive_steps_hold_their_limit() -> None:
    steps = Steps((1, 3), above="more", inclusive=True)
    assert [steps(n) for n in (0, 1, 2, 3, 4)] == ["1", "1", "3", "3", "more"]


def test_named_steps() -> None:
    steps = Steps((0.2,), names=("<0.2", ">=0.2"))
    assert (steps(0.1), steps(0.2)) == ("<0.2", ">=0.2")
    with pytest.raises(ValueError):
        Steps((0.2,), names=("<0.2",))
