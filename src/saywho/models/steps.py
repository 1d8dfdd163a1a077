"""Numbers as named steps: a linear model over binary features reads a count or a
probability through the step it falls in (``words=8``, ``crf_c_mean=0.7``)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence


class Steps:
    """The step of a number among ascending ``limits``: the first limit it stays below (with
    ``inclusive``, the first it does not exceed), or ``above`` past the last one. A step is
    named by its limit unless ``names`` (one per limit, then one for ``above``) says otherwise."""

    def __init__(
        self, limits: Sequence[float], above: str = "hi", inclusive: bool = False, names: Sequence[str] | None = None
    ) -> None:
        self.limits = tuple(limits)
        self.names = tuple(names) if names is not None else (*(str(x) for x in self.limits), above)
        if len(self.names) != len(self.limits) + 1:
            raise ValueError("Steps: one name per limit, and one past the last")
        self._find = bisect_left if inclusive else bisect_right

    def __call__(self, x: float) -> str:
        return self.names[self._find(self.limits, x)]
